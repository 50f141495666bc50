"""The kinds of email the programmes app sends."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, register

INVITATION = register(
    Kind("invitation", reason="your programme lead invited you to take part in a reverse mentoring programme")
)
ROLE_INVITATION = register(
    Kind(
        "role_invitation",
        reason="someone who runs reverse mentoring in your organisation invited you to help run it in Remento",
    )
)
# Once per person and event (programmes.services.events): when the event is arranged, or when the person joins
# its audience later.
EVENT_INVITATION = register(
    Kind("event_invitation", reason=_("you take part in a reverse mentoring programme that has arranged this event"))
)
