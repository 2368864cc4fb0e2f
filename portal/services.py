"""Site-wide writes: legal pages, sign-language videos and accessibility feedback."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from core.audit.labels import register_actions
from core.audit.services import log_action
from core.mail import send_portal_mail
from core.uploads import CaptionsValidator, VideoValidator, video_type

from .models import LegalPage, SignLanguageVideo


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


register_actions(
    {
        "sign_language_video.added": pgettext_lazy("audit action", "video added"),
        "sign_language_video.deleted": pgettext_lazy("audit action", "video deleted"),
    }
)


@transaction.atomic(durable=True)
def sign_language_video_add(
    *, actor: User, title: str, video, captions, description: str = "", position: int = 0
) -> SignLanguageVideo:
    """A captioned video for /gebaerdensprache/; both files are checked by their content."""
    errors = {}
    for field, check, upload in (
        ("video", VideoValidator(settings.SIGN_LANGUAGE_VIDEO_MAX_MB), video),
        ("captions", CaptionsValidator(), captions),
    ):
        try:
            check(upload)
        except ValidationError as exc:
            errors[field] = exc.error_list
    if errors:
        raise ValidationError(errors)
    item = SignLanguageVideo(
        title=title,
        description=description,
        video=video,
        video_type=video_type(video),
        captions=captions,
        position=position,
        created_by=actor,
    )
    item.full_clean()
    item.save()
    log_action(obj=item, action="sign_language_video.added", actor=actor)
    return item


@transaction.atomic(durable=True)
def sign_language_video_delete(*, actor: User, item: SignLanguageVideo) -> None:
    log_action(obj=item, action="sign_language_video.deleted", actor=actor)
    files = [item.video, item.captions]
    item.delete()
    # The files go once the row is gone for good.
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files if f.name])
