"""Re-authentication for the pages that show or change personal information.

allauth's `reauthentication_required` lets an account through unchallenged when
allauth has no way to re-authenticate it: no usable password and no
authenticator app (its `did_recently_reauthenticate` answers yes when there is
no method). Most people here sign in only by an emailed code, so they were never
asked again. This decorator asks them for a fresh code (accounts.views.
reauthenticate_by_code) unless they signed in or confirmed within
ACCOUNT_REAUTHENTICATION_TIMEOUT; everyone else goes through allauth's own check.
"""

import time
from functools import wraps

from allauth.account import app_settings
from allauth.account.decorators import reauthentication_required as allauth_reauthentication_required
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import get_reauthentication_flows
from allauth.core.exceptions import ReauthenticationRequired


def recently_confirmed(request) -> bool:
    """Whether this session signed in or re-authenticated (by any method) within the timeout."""
    records = [r for r in get_authentication_records(request, request.user) if r.get("reauthenticated")]
    return bool(records) and time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT


def reauthentication_required(view):
    checked = allauth_reauthentication_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not get_reauthentication_flows(user) and not recently_confirmed(request):
            # allauth's middleware turns this into a redirect to the first method the adapter offers: the code.
            raise ReauthenticationRequired()
        return checked(request, *args, **kwargs)

    return wrapper
