from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.mail import queue_message
from core.ratelimit import client_ip

from .mail import carries_secret, mail_kind

# The invitation a logged-out person opened (the invited address and the link's path),
# kept in the session through login and sign-up. Written by the partners app's invitation
# view; read here without importing it.
PENDING_INVITATION_KEY = "pending_invitation"


@dataclass(frozen=True)
class PortalSite:
    """What allauth's mails call the site ("Hallo von …", "Vielen Dank, dass Sie … nutzen"):
    the portal's name and its public address, never the host a request happened to use."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(
        name=str(_("Climate protection portal of the Magdeburg Climate Alliance")),
        domain=urlsplit(settings.SITE_URL).netloc or settings.SITE_URL,
    )


def remember_pending_invitation(request, *, email: str, url: str) -> None:
    request.session[PENDING_INVITATION_KEY] = {"email": email, "url": url}


def pending_invitation(request) -> dict | None:
    session = getattr(request, "session", None)
    pending = session.get(PENDING_INVITATION_KEY) if session is not None else None
    if isinstance(pending, dict) and pending.get("email") and pending.get("url"):
        return pending
    return None


def forget_pending_invitation(request) -> None:
    request.session.pop(PENDING_INVITATION_KEY, None)


def is_verified_address_of(user, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Operators can close self sign-up (e.g. during maintenance) without a code change.
        return settings.ACCOUNT_ALLOW_SIGNUP

    def get_client_ip(self, request) -> str:
        # allauth's rate limits key on the same address as the portal's (TRUSTED_PROXY_COUNT).
        return client_ip(request) or super().get_client_ip(request)

    def is_email_verified(self, request, email: str) -> bool:
        """A sign-up through an invitation link for exactly the invited address needs no
        confirmation mail: the link was sent to that address. allauth's own stash is not used
        because it would make the invited address verified whatever address is signed up."""
        pending = pending_invitation(request)
        if pending and pending["email"].lower() == (email or "").lower():
            return True
        return super().is_email_verified(request, email)

    def get_login_redirect_url(self, request) -> str:
        # Back to the invitation the person opened before logging in or signing up.
        pending = pending_invitation(request)
        return pending["url"] if pending else super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request) -> str:
        pending = pending_invitation(request)
        return pending["url"] if pending else super().get_signup_redirect_url(request)

    def send_password_reset_mail(self, user, email: str, context: dict) -> None:
        """A reset link only ever goes to a confirmed address of the account. For an unconfirmed
        one (e.g. a secondary address someone added), the answer is exactly that for an unknown
        address, so whoever holds it can neither take the account over nor tell it exists."""
        if not is_verified_address_of(user, email):
            from allauth.account.internal.flows.signup import send_unknown_account_mail

            send_unknown_account_mail(context.get("request") or allauth_context.request, email)
            return
        super().send_password_reset_mail(user, email, context)

    def confirm_email(self, request, email_address) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            from .services import email_address_claim

            email_address_claim(email_address=email_address)
        return confirmed

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """As allauth's, but into the outbox instead of to the mail server: verification,
        password reset and notices never fail the request when the server is down."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, **context}
        # allauth puts the request's host here; the mails name the portal instead.
        ctx["current_site"] = portal_site()
        message = self.render_mail(template_prefix, email, ctx)
        user = context.get("user")
        queue_message(
            message,
            kind=mail_kind(template_prefix),
            user=user if getattr(user, "pk", None) else None,
            contains_secret=carries_secret(template_prefix, context),
        )
