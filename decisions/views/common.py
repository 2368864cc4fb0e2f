"""What the decision views share: loading a proposal and who may see it."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Proposal


def proposal_or_404(pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("body", "agenda_item__meeting", "corrects"), pk=pk
    )


def require_visible(request, proposal: Proposal) -> None:
    """Decided proposals are public; open and withdrawn ones are seen by partner contacts and
    staff; drafts only by staff."""
    user = request.user
    if proposal.is_decided or user.has_perm("decisions.manage_decisions"):
        return
    if proposal.state != Proposal.State.DRAFT and user.has_perm("decisions.state_position"):
        return
    raise Http404
