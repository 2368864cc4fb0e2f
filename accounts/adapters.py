from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Operators can close self sign-up (e.g. during maintenance) without a code change.
        return settings.ACCOUNT_ALLOW_SIGNUP
