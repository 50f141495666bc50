from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Staff usually arrive through a programme's invitation, which creates
        # their account; an organisation may open self-registration instead.
        return settings.REMENTO_OPEN_SIGNUP
