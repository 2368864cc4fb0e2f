"""Portal e-mails: rendered from text templates, sent after the surrounding transaction commits."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string


def send_portal_mail(*, to: Iterable[str], subject: str, template: str, context: dict) -> None:
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}"

    def send() -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)

    transaction.on_commit(send)
