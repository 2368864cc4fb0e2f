"""What the decision views share: loading a proposal (also as the gate's loader)."""

from django.shortcuts import get_object_or_404

from core.content_cache import remember

from .. import services
from ..models import Proposal


def proposal_or_404(pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("body", "agenda_item__meeting", "corrects"), pk=pk
    )


def visible_proposal(request, pk: int) -> Proposal:
    """Gate loader for `decisions.view_proposal` (asked with `hidden=True`). A written
    procedure past its deadline is decided first, so the rule sees the decision (public)
    and no page shows it as open. The proposal is kept per content generation and day
    (closing it is a write, which starts a new generation)."""
    return services.close_if_due(remember(f"decisions.proposal:{pk}", lambda: proposal_or_404(pk)))
