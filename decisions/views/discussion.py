"""The discussion of a proposal: contacts of active partners and staff write comments while
it is open; staff hide a comment with a reason (moderation). The thread is shown on the
proposal page (views/public.py) to the same audience."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require_perm
from core.views import run_service

from .. import services
from ..forms import CommentForm, HideCommentForm
from ..models import Comment
from .common import proposal_or_404, visible_proposal
from .public import detail_page


# The comment rule first (anonymous to the login, partners that are not active 403), then
# the proposal's own visibility (a draft stays hidden: 404).
@require_POST
@require_perm("decisions.comment_proposal")
@require_perm("decisions.view_proposal", obj=visible_proposal, hidden=True)
def comment_add(request, pk: int):
    proposal = proposal_or_404(pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        ok, _result = run_service(
            form,
            services.comment_add,
            proposal=proposal,
            actor=request.user,
            text=form.cleaned_data["text"],
        )
        if ok:
            messages.success(request, _("Your comment has been published in the discussion."))
            return redirect(f"{proposal.get_absolute_url()}#diskussion")
    return detail_page(request, proposal, comment_form=form)


def _comment(pk: int, comment_id: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("proposal", "author", "partner"),
        pk=comment_id,
        proposal_id=pk,
    )


@require_perm("decisions.moderate_comments")
def comment_hide(request, pk: int, comment_id: int):
    comment = _comment(pk, comment_id)
    form = HideCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _result = run_service(
            form,
            services.comment_hide,
            comment=comment,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        if ok:
            messages.success(request, _("The comment has been hidden."))
            return redirect(f"{comment.proposal.get_absolute_url()}#diskussion")
    return render(
        request,
        "decisions/comment_hide.html",
        {"comment": comment, "proposal": comment.proposal, "form": form},
    )
