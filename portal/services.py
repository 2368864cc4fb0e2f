"""Site-wide writes: legal pages and accessibility feedback."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.mail import send_portal_mail

from .models import LegalPage


@transaction.atomic
def legal_page_update(*, page: LegalPage, actor: User, body: str) -> LegalPage:
    page.body = body
    page.updated_by = actor
    page.full_clean()
    page.save()
    return page


@transaction.atomic
def feedback_submit(*, message: str, name: str = "", email: str = "", page_url: str = "") -> None:
    """Accessibility feedback: e-mailed to the Stabsstelle; the sender gets a confirmation.
    Both go through the outbox, so a mail server outage never loses the feedback."""
    context = {"message": message, "name": name, "email": email, "page_url": page_url}
    send_portal_mail(
        to=[settings.STAFF_NOTIFICATION_EMAIL],
        subject=_("Accessibility feedback"),
        template="portal/mail/feedback.txt",
        context=context,
        kind="feedback.received",
    )
    if email:
        send_portal_mail(
            to=[email],
            subject=_("We have received your feedback"),
            template="portal/mail/feedback_receipt.txt",
            context=context,
            kind="feedback.receipt",
        )
