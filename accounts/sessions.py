"""What a sign-in writes into the session: when it happened, for the session limits and re-authentication.

The limits themselves are enforced by `remento.middleware.SessionLimitsMiddleware`.
"""

import time

from allauth.account.internal.flows.login import record_authentication

SIGNED_IN_AT = "remento_signed_in_at"
LAST_SEEN_AT = "remento_last_seen_at"
MFA_CHECKED = "remento_mfa_checked"


def on_sign_in(sender, request, user, **kwargs):
    """Connected to `user_logged_in`: every sign-in starts the session's clocks afresh.

    It also counts as a recent authentication for allauth's
    `reauthentication_required` (whose records, in this allauth version, count
    only explicit re-authentications): someone who has just typed their
    password, and their code, is not asked for them again within
    ACCOUNT_REAUTHENTICATION_TIMEOUT.
    """
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
    request.session.pop(MFA_CHECKED, None)
    record_authentication(request, user, method="sign_in", reauthenticated=True)
