"""The partner contact's page: state the organisation's position on an open proposal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.permissions import require_perm
from core.views import apply_validation_error
from partners.selectors import partner_of

from .. import services
from ..forms import PositionForm
from .common import proposal_or_404, visible_proposal


def own_partner(request, **_url_kwargs):
    """Gate loader for `decisions.state_position`: the organisation the user acts for."""
    return partner_of(request.user)


# Two gates with two objects: the view takes no `obj` (each gate would hand on its own) and
# loads the proposal again.
@require_perm("decisions.state_position", obj=own_partner)
@require_perm("decisions.view_proposal", obj=visible_proposal, hidden=True)
def position(request, pk: int):
    proposal = proposal_or_404(pk)
    partner = partner_of(request.user)
    current = proposal.positions.filter(partner=partner, is_current=True).first()
    initial = {"value": current.value, "reason": current.reason} if current else {}
    form = PositionForm(request.POST or None, initial=initial)
    refusal = services.position_refusal(proposal, partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.position_state(
                proposal=proposal,
                partner=partner,
                actor=request.user,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied:
            form.add_error(None, _("Only contacts of a partner state its position."))
        else:
            messages.success(request, _("Thank you, the position of your organisation is saved."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "decisions/position_form.html",
        {
            "proposal": proposal,
            "partner": partner,
            "form": form,
            "current": current,
            "refusal": refusal,
        },
    )
