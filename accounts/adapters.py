from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from core.mail import queue_message
from core.ratelimit import client_ip

from .mail import carries_secret, mail_kind


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Operators can close self sign-up (e.g. during maintenance) without a code change.
        return settings.ACCOUNT_ALLOW_SIGNUP

    def get_client_ip(self, request) -> str:
        # allauth's rate limits key on the same address as the portal's (TRUSTED_PROXY_COUNT).
        return client_ip(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """As allauth's, but into the outbox instead of to the mail server: verification,
        password reset and notices never fail the request when the server is down."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        user = context.get("user")
        queue_message(
            message,
            kind=mail_kind(template_prefix),
            user=user if getattr(user, "pk", None) else None,
            contains_secret=carries_secret(template_prefix, context),
        )
