from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from core.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Operators can close self sign-up (e.g. during maintenance) without a code change.
        return settings.ACCOUNT_ALLOW_SIGNUP

    def get_client_ip(self, request) -> str:
        # allauth's rate limits key on the same address as the portal's (TRUSTED_PROXY_COUNT).
        return client_ip(request) or super().get_client_ip(request)
