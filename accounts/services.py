from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User


@transaction.atomic
def user_get_or_invite(*, email: str, name: str = "") -> User:
    """The account for this email, created without a password if there is none.

    The unverified email address record lets allauth's sign-in by code verify
    it: an invited person proves the address by receiving the code.
    """
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, name=name)
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"primary": True, "verified": False})
    return user


@transaction.atomic
def user_set_name(*, user: User, name: str) -> User:
    """The name shown wherever the person is named (their email only until they give one)."""
    user.name = name
    user.save(update_fields=["name"])
    return user
