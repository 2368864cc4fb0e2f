"""What the decision views share: loading a proposal (also as the gate's loader)."""

from django.shortcuts import get_object_or_404

from ..models import Proposal


def proposal_or_404(pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("body", "agenda_item__meeting", "corrects"), pk=pk
    )


def visible_proposal(request, pk: int) -> Proposal:
    """Gate loader for `decisions.view_proposal` (asked with `hidden=True`)."""
    return proposal_or_404(pk)
