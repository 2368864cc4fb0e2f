"""Public pages of consensus decisions: the register and the proposal page (decided
proposals are public; open ones are seen by partner contacts and staff, drafts by staff: the
rule `decisions.view_proposal`, asked hidden, so the others get 404)."""

from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core import fragments
from core.content_cache import remember
from core.csv import csv_response
from core.licence import licence_metadata, with_licence
from core.pagination import filter_key, kept_count_page
from core.permissions import require_perm
from partners.selectors import partner_of

from .. import exports, selectors, services
from ..forms import CommentForm, DecisionFilterForm
from ..models import Proposal
from .common import visible_proposal

REGISTER_PAGE_SIZE = 20


def _filtered_register(request):
    # Written procedures past their deadline are decided before the register is read.
    services.close_overdue_written_procedures()
    form = DecisionFilterForm(request.GET or None, years=selectors.decision_years())
    filters = form.cleaned_data if form.is_valid() else {}
    return (
        form,
        filters,
        selectors.decision_register(
            year=filters.get("year"), body=filters.get("body"), query=filters.get("q", "")
        ),
    )


def register(request):
    form, filters, register = _filtered_register(request)
    page = kept_count_page(
        register.values_list("pk", flat=True),
        REGISTER_PAGE_SIZE,
        request.GET.get("page"),
        list_name="decisions",
        key=filter_key(filters, ["page"]),
    )

    def load(pks):
        proposals = list(
            register.filter(pk__in=pks).prefetch_related(selectors.public_tasks_prefetch())
        )
        for proposal in proposals:
            proposal.follow_up = selectors.follow_up_of(proposal)
        return proposals

    page.object_list = fragments.card_rows("decision-register-card", list(page.object_list), load)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "decisions/register.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_GET
def export_csv(request):
    """The register with the page's filters as CSV (core.csv: neutralised cells)."""
    _form, _filters, register = _filtered_register(request)
    response, writer = csv_response("klimaallianz-beschluesse.csv")
    writer.writerows(exports.csv_rows(register, request.build_absolute_uri))
    return with_licence(response)


@require_GET
def export_json(request):
    _form, _filters, register = _filtered_register(request)
    data = {
        "generated_at": timezone.now(),
        "source": request.build_absolute_uri(reverse("decisions:register")),
        "license": licence_metadata(),
        "decisions": [exports.record(p, request.build_absolute_uri) for p in register],
    }
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Content-Disposition"] = 'inline; filename="klimaallianz-beschluesse.json"'
    return with_licence(response)


@require_perm("decisions.view_proposal", obj=visible_proposal, hidden=True)
def detail(request, pk: int, obj: Proposal):
    return detail_page(request, obj)


def detail_page(request, obj: Proposal, comment_form=None, status: int = 200):
    # After the deadline a written procedure is decided here, never shown as "Offen".
    proposal = services.close_if_due(obj)
    user = request.user
    internal = user.has_perm("decisions.manage_decisions")
    decided = (
        # A decided proposal changes only with the content: kept per generation and day.
        remember(
            f"decisions.decided:{proposal.pk}:{internal}",
            lambda: selectors.decided_page_parts(proposal, internal=internal),
            per_language=True,
        )
        if proposal.decided_at is not None
        else selectors.decided_page_parts(proposal, internal=internal)
    )
    context = {
        "proposal": proposal,
        "follow_up": decided["follow_up"],
        "corrections": decided["corrections"],
        "show_positions": user.has_perm("decisions.view_decision_positions", proposal),
        "can_manage": internal,
    }
    if context["show_positions"]:
        positions = list(
            proposal.positions.select_related("partner", "stated_by").order_by(
                "partner__name", "-stated_at", "-pk"
            )
        )
        context["current_positions"] = [p for p in positions if p.is_current]
        context["history"] = sorted(positions, key=lambda p: (p.stated_at, p.pk))
    elif proposal.decided_at is not None:
        context["public_objection_reasons"] = decided["public_objection_reasons"]
    partner = partner_of(user) if user.is_authenticated else None
    if user.has_perm("decisions.state_position", partner) and proposal.state == Proposal.State.OPEN:
        context["can_state"] = services.position_refusal(proposal, partner) is None
        context["my_position"] = proposal.positions.filter(partner=partner, is_current=True).first()
    if proposal.state == Proposal.State.ADOPTED:
        context["tasks"] = decided["tasks"]
    if user.has_perm("decisions.view_discussion", proposal):
        context["comments"] = list(selectors.discussion(proposal))
        context["can_moderate"] = user.has_perm("decisions.moderate_comments", proposal)
        context["comment_refusal"] = services.comment_refusal(proposal)
        if context["comment_refusal"] is None and user.has_perm(
            "decisions.comment_proposal", proposal
        ):
            context["comment_form"] = comment_form or CommentForm()
    return render(request, "decisions/detail.html", context, status=status)
