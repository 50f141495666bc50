"""Who must sign in with a second factor, and allauth's MFA hooks that keep it so.

Organisation administrators, programme leads and site administrators can reach
other people's protected characteristics or the whole site, so a password alone
is not enough for them (REMENTO_REQUIRE_MFA). allauth offers MFA but cannot
require it: `remento.middleware.RequireMFAMiddleware` sends such a person to set
up an authenticator app first, and the adapter below stops them removing it.
This lives in the project package because it asks the programmes app about roles.
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Q

from accounts.models import User
from programmes.models import ProgrammeRole


def mfa_required_for(user) -> bool:
    """True for organisation administrators, programme leads and site administrators."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return (
        User.objects.filter(pk=user.pk)
        .filter(Q(memberships__is_admin=True) | Q(programme_roles__role=ProgrammeRole.Role.LEAD))
        .exists()
    )


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        return "Remento"

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # A person who must use a second factor may replace it (recovery codes,
        # regenerate) but not turn the authenticator app off.
        if (
            settings.REMENTO_REQUIRE_MFA
            and authenticator.type == Authenticator.Type.TOTP
            and mfa_required_for(authenticator.user)
        ):
            return False
        return super().can_delete_authenticator(authenticator)
