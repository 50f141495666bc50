from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Staff usually arrive through a programme's invitation, which creates
        # their account; an organisation may open self-registration instead.
        return settings.REMENTO_OPEN_SIGNUP

    def get_reauthentication_methods(self, user):
        """allauth's methods (password, authenticator app), then a code emailed to the person's address.

        For someone who signs in only by code the emailed code is the only method, so allauth's
        middleware sends them there when a page asks them to confirm it is them.
        """
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and user.email:
            methods.append(
                {
                    "id": "reauthenticate_code",
                    "description": _("Email me a code"),
                    "url": reverse("accounts:reauthenticate_code"),
                }
            )
        return methods
