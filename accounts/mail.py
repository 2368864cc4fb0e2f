"""allauth's mails in the outbox, and how staff issue them afresh when they failed.

A failed verification or password-reset mail is never sent again as it is: its link may be
stale and staff must not handle it. Instead allauth's own functions issue a new one for the
same address (a new key), and the old outbox row stays failed.
"""

from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from allauth.account.utils import filter_users_by_email
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.mail import register_reissuer

# allauth's templates whose mails carry a key, a code or a link made from one.
SECRET_TEMPLATES = {
    "account/email/email_confirmation",
    "account/email/email_confirmation_signup",
    "account/email/password_reset_key",
    "account/email/password_reset_code",
    "account/email/login_code",
}


def mail_kind(template_prefix: str) -> str:
    """`account/email/password_reset_key` → `account.password_reset_key`."""
    return "account." + template_prefix.rsplit("/", 1)[-1]


def carries_secret(template_prefix: str, context: dict) -> bool:
    return template_prefix in SECRET_TEMPLATES or bool({"key", "code"} & set(context))


def reissue_email_confirmation(mail, request) -> None:
    address = EmailAddress.objects.filter(email__iexact=mail.to).first()
    if address is None:
        raise ValidationError(_("No account uses this e-mail address any more."))
    if address.verified:
        raise ValidationError(_("This e-mail address has been confirmed in the meantime."))
    address.send_confirmation(request, signup=mail.kind.endswith("_signup"))


def reissue_password_reset(mail, request) -> None:
    if not filter_users_by_email(mail.to, is_active=True):
        raise ValidationError(_("No active account uses this e-mail address any more."))
    form = ResetPasswordForm(data={"email": mail.to})
    if not form.is_valid():
        raise ValidationError(_("A new link cannot be sent to this address."))
    form.save(request)


def register() -> None:
    """Called from AccountsConfig.ready()."""
    for template in ("email_confirmation", "email_confirmation_signup"):
        register_reissuer(mail_kind(f"account/email/{template}"), reissue_email_confirmation)
    register_reissuer(mail_kind("account/email/password_reset_key"), reissue_password_reset)
