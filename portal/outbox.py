"""Failed outgoing mails on the staff dashboard, and the action that sends one again.

Staff see recipient, subject, kind, attempts, error and time of each failed mail, never its
text: a verification or reset mail carries a link that is not theirs to read.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.mail import can_reissue, failed_mails, outbox_mail_resend
from core.models import OutboxMail
from core.permissions import require_perm


def failed_mails_section(user) -> dict:
    """Context of the dashboard section (only for those who may send mails again)."""
    if not user.has_perm("core.resend_mail"):
        return {}
    mails = list(failed_mails())
    for mail in mails:
        mail.can_resend = can_reissue(mail)
    return {"show_failed_mails": True, "failed_mails": mails}


@require_POST
@require_perm("core.resend_mail")
def outbox_mail_resend_view(request, pk: int):
    mail = get_object_or_404(OutboxMail.objects.only("id", "to"), pk=pk)
    try:
        outcome = outbox_mail_resend(mail=mail, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if outcome == "reissued":
            text = _("A new e-mail with a fresh link is on its way to %(to)s.")
        else:
            text = _("The e-mail to %(to)s is being sent again.")
        messages.success(request, text % {"to": mail.to})
    return redirect("staff_dashboard")
