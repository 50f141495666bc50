"""Django's SMTP backend, told apart when a failure happened after the message was handed over.

Once the server has answered 354 to DATA, it may store the message at any moment; if the connection then
drops or times out before its final answer, nobody knows whether it will be delivered. Django's backend and
smtplib report that as the same SMTPServerDisconnected as a connection that never got going, which a sender
would retry, so a message already stored went out two or three times. This backend raises DeliveryUnknown
instead, and notifications.services leaves such a record for a site admin to decide. Everything else is
Django's and smtplib's own.
"""

import smtplib

from django.core.mail.backends import smtp


class DeliveryUnknown(smtplib.SMTPException):
    """The connection failed after the server accepted DATA: the message may or may not have been stored."""


class _KnowsWhenHandedOver:
    """smtplib.SMTP remembering the last reply code, so data() knows whether the server had said 354 (go ahead)."""

    _last_reply_code = None

    def getreply(self):
        code, message = super().getreply()
        self._last_reply_code = code
        return code, message

    def data(self, msg):
        self._last_reply_code = None
        try:
            return super().data(msg)
        except smtplib.SMTPDataError:
            raise  # the server refused DATA itself: nothing was handed over
        except OSError as exc:  # SMTPServerDisconnected, a timeout, a reset: all OSErrors
            if self._last_reply_code == 354:
                raise DeliveryUnknown(f"connection lost after the message was handed over ({exc})") from exc
            raise
        # Anything else (a time limit, a bug) leaves the sender to treat the message as possibly handed over.


class _SMTP(_KnowsWhenHandedOver, smtplib.SMTP):
    pass


class _SMTP_SSL(_KnowsWhenHandedOver, smtplib.SMTP_SSL):
    pass


class EmailBackend(smtp.EmailBackend):
    """The SMTP backend to use in production (settings.EMAIL_BACKEND when EMAIL_HOST is set)."""

    @property
    def connection_class(self):
        return _SMTP_SSL if self.use_ssl else _SMTP
