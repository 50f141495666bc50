"""Who must sign in with a second factor, and allauth's MFA hooks that keep it so.

Organisation administrators, programme leads and site administrators can reach
other people's protected characteristics or the whole site, so a password alone
is not enough for them (REMENTO_REQUIRE_MFA). allauth offers MFA but cannot
require it: `remento.middleware.RequireMFAMiddleware` sends such a person to set
up an authenticator app first, and the adapter below stops them removing it.
This lives in the project package because it asks the programmes app about roles.
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, MultiFernet
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


FERNET_PREFIX = "gAAAAA"  # every Fernet token starts so; anything else was stored before encryption


def _fernet() -> MultiFernet:
    """MFA_ENCRYPTION_KEY if set, else a key derived from SECRET_KEY (and its fallbacks, to read old rows)."""
    keys = [settings.MFA_ENCRYPTION_KEY.encode()] if settings.MFA_ENCRYPTION_KEY else []
    for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        keys.append(base64.urlsafe_b64encode(hashlib.sha256(f"remento-mfa:{secret}".encode()).digest()))
    return MultiFernet([Fernet(key) for key in keys])


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted: a copy of the database alone
    (a backup, a replica) does not let anyone produce a person's codes."""

    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(FERNET_PREFIX):
            return encrypted_text
        return _fernet().decrypt(encrypted_text.encode()).decode()

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
