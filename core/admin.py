from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .admin_tools import ReadOnlyAdminMixin
from .mail import outbox_mail_resend
from .models import OutboxMail

SECRET_FIELDS = ("body", "html_body", "attachments")


@admin.register(OutboxMail)
class OutboxMailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the outbox is written by services and sent by the task. A mail with a
    secret link never shows its text, here or anywhere."""

    list_display = ["created_at", "kind", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "contains_secret"]
    search_fields = ["to", "subject", "kind"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fields = [
        "kind",
        "to",
        "recipient_user",
        "from_email",
        "subject",
        "body",
        "html_body",
        "attachments",
        "headers",
        "contains_secret",
        "ref",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "reissued_at",
    ]

    def get_queryset(self, request):
        # The list never needs the texts; the change view loads them only where allowed.
        return super().get_queryset(request).defer(*SECRET_FIELDS)

    def get_fields(self, request, obj=None):
        if obj is not None and obj.contains_secret:
            return [name for name in self.fields if name not in SECRET_FIELDS]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.action(description=_("Send the selected failed e-mails again"))
    def resend(self, request, queryset):
        done = 0
        for mail in queryset.filter(status=OutboxMail.Status.FAILED, reissued_at__isnull=True):
            try:
                outbox_mail_resend(mail=mail, request=request)
            except ValidationError as exc:
                self.message_user(request, f"{mail.to}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, _("E-mails sent again: %(count)s") % {"count": done})
