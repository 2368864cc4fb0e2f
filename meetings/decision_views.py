"""Views of consensus decisions: the public register, the proposal page, the partner's
position form and the staff pages. Anonymous users are sent to the login for protected
pages, users without the role get 403; proposals they may not see answer 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require_perm
from partners.selectors import partner_of

from . import decision_services as services
from . import selectors
from .decision_forms import DecisionFilterForm, OralPositionForm, PositionForm, ProposalForm
from .models import Position, Proposal
from .views import apply_validation_error, flash_errors

REGISTER_PAGE_SIZE = 20
STAFF_PAGE_SIZE = 30


def _proposal(pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("body", "agenda_item__meeting", "corrects"), pk=pk
    )


def _visible(request, proposal: Proposal) -> None:
    """Decided proposals are public; open and withdrawn ones are seen by partner contacts and
    staff; drafts only by staff."""
    user = request.user
    if proposal.is_decided or user.has_perm("meetings.manage_decisions"):
        return
    if proposal.state != Proposal.State.DRAFT and user.has_perm("meetings.state_position"):
        return
    raise Http404


# Public -----------------------------------------------------------------------------------


def decisions(request):
    form = DecisionFilterForm(request.GET or None, years=selectors.decision_years())
    filters = form.cleaned_data if form.is_valid() else {}
    register = selectors.decision_register(
        year=filters.get("year"), body=filters.get("body"), query=filters.get("q", "")
    )
    page = Paginator(register, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/decisions/register.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def decision_detail(request, pk: int):
    proposal = _proposal(pk)
    _visible(request, proposal)
    user = request.user
    context = {
        "proposal": proposal,
        "corrections": list(proposal.corrections.decided().order_by("decided_at")),
        "show_positions": user.has_perm("meetings.view_decision_positions"),
        "can_manage": user.has_perm("meetings.manage_decisions"),
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
        # The public learns why a proposal failed, without learning who objected.
        context["public_objection_reasons"] = list(
            proposal.positions.filter(is_current=True, value=Position.Value.OBJECTION)
            .order_by("pk")
            .values_list("reason", flat=True)
        )
    partner = partner_of(user) if user.is_authenticated else None
    if partner is not None and proposal.state == Proposal.State.OPEN:
        context["can_state"] = services.position_refusal(proposal, partner) is None
        context["my_position"] = proposal.positions.filter(partner=partner, is_current=True).first()
    return render(request, "meetings/decisions/detail.html", context)


# Partner contacts -------------------------------------------------------------------------


@require_perm("meetings.state_position")
def position(request, pk: int):
    proposal = _proposal(pk)
    _visible(request, proposal)
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
        "meetings/decisions/position_form.html",
        {
            "proposal": proposal,
            "partner": partner,
            "form": form,
            "current": current,
            "refusal": refusal,
        },
    )


# Staff ------------------------------------------------------------------------------------


@require_perm("meetings.manage_decisions")
def staff_decisions(request):
    proposals = Proposal.objects.select_related("body", "agenda_item__meeting").order_by(
        "-created_at", "-pk"
    )
    state = request.GET.get("state", "")
    if state in Proposal.State.values:
        proposals = proposals.filter(state=state)
    page = Paginator(proposals, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/decisions/staff_list.html",
        {
            "page": page,
            "query": f"state={state}" if state in Proposal.State.values else "",
            "state": state,
            "states": Proposal.State.choices,
            "to_close": list(selectors.proposals_to_close()),
        },
    )


@require_perm("meetings.manage_decisions")
def proposal_create(request):
    initial = {"procedure": Proposal.Procedure.WRITTEN}
    corrects = request.GET.get("korrektur")
    if corrects and corrects.isdigit():
        old = Proposal.objects.decided().filter(pk=int(corrects)).first()
        if old is not None:
            initial.update(
                corrects=old.pk,
                body=old.body_id,
                title=_("Correction: %s") % old.title,
                text=old.text,
            )
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(actor=request.user, **form.proposal_fields())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The proposal has been saved as a draft."))
            return redirect("meetings:decision_manage", pk=proposal.pk)
    return render(
        request, "meetings/decisions/proposal_form.html", {"form": form, "proposal": None}
    )


@require_perm("meetings.manage_decisions")
def proposal_edit(request, pk: int):
    proposal = _proposal(pk)
    initial = {
        "title": proposal.title,
        "text": proposal.text,
        "body": proposal.body_id,
        "procedure": proposal.procedure,
        "agenda_item": proposal.agenda_item_id,
        "deadline": proposal.deadline and timezone.localtime(proposal.deadline),
        "review_on": proposal.review_on,
        "corrects": proposal.corrects_id,
    }
    form = ProposalForm(request.POST or None, initial=initial)
    refusal = None
    if proposal.is_decided:
        refusal = _(
            "This proposal has been decided and cannot be changed. To correct it, create a "
            "new proposal that refers to it."
        )
    elif proposal.state != Proposal.State.DRAFT:
        refusal = _("Only a draft can be edited.")
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(
                proposal=proposal, actor=request.user, **form.proposal_fields()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The proposal has been saved."))
            return redirect("meetings:decision_manage", pk=proposal.pk)
    return render(
        request,
        "meetings/decisions/proposal_form.html",
        {"form": form, "proposal": proposal, "refusal": refusal},
    )


def _manage_page(request, proposal: Proposal, oral_form=None, status: int = 200):
    positions = list(
        proposal.positions.select_related("partner", "stated_by").order_by(
            "partner__name", "-stated_at", "-pk"
        )
    )
    can_record_oral = proposal.state == Proposal.State.OPEN and not proposal.is_written
    taking_part = services.participants(proposal)
    if can_record_oral and oral_form is None:
        oral_form = OralPositionForm(partners=taking_part)
    answered = {p.partner_id for p in positions if p.is_current}
    silent = []
    if proposal.state == Proposal.State.OPEN:
        silent = [p for p in taking_part.order_by("name") if p.pk not in answered]
    return render(
        request,
        "meetings/decisions/manage.html",
        {
            "proposal": proposal,
            "current_positions": [p for p in positions if p.is_current],
            "history": sorted(positions, key=lambda p: (p.stated_at, p.pk)),
            "silent": silent,
            "oral_form": oral_form if can_record_oral else None,
            "now": timezone.now(),
        },
        status=status,
    )


@require_perm("meetings.manage_decisions")
def proposal_manage(request, pk: int):
    return _manage_page(request, _proposal(pk))


def _action(request, pk: int, action, success: str):
    proposal = _proposal(pk)
    try:
        action(proposal=proposal, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, success)
    return redirect("meetings:decision_manage", pk=pk)


@require_POST
@require_perm("meetings.manage_decisions")
def proposal_open(request, pk: int):
    return _action(request, pk, services.proposal_open, _("The proposal is open for positions."))


@require_POST
@require_perm("meetings.manage_decisions")
def proposal_close(request, pk: int):
    return _action(request, pk, services.proposal_close, _("The proposal has been decided."))


@require_POST
@require_perm("meetings.manage_decisions")
def proposal_withdraw(request, pk: int):
    return _action(request, pk, services.proposal_withdraw, _("The proposal has been withdrawn."))


@require_POST
@require_perm("meetings.manage_decisions")
def oral_position(request, pk: int):
    proposal = _proposal(pk)
    if proposal.state != Proposal.State.OPEN or proposal.is_written:
        messages.error(
            request,
            services.position_refusal(proposal, None)
            or _("In the written procedure each partner states its position."),
        )
        return redirect("meetings:decision_manage", pk=pk)
    form = OralPositionForm(request.POST, partners=services.participants(proposal))
    if form.is_valid():
        try:
            services.position_state(
                proposal=proposal,
                partner=form.cleaned_data["partner"],
                actor=request.user,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                oral=True,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The position stated orally has been recorded."))
            return redirect("meetings:decision_manage", pk=pk)
    return _manage_page(request, proposal, oral_form=form)
