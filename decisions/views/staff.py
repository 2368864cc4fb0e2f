"""The Stabsstelle's pages: proposals, opening, closing, withdrawing, oral positions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import UnboundForm
from core.permissions import require_perm
from core.views import run_action, run_service
from meetings.forms import ActionItemForm

from .. import selectors, services
from ..forms import ExtendForm, OralPositionForm, ProposalForm
from ..models import Proposal
from .common import proposal_or_404

STAFF_PAGE_SIZE = 30


@require_perm("decisions.manage_decisions")
def staff_list(request):
    services.close_overdue_written_procedures()
    proposals = Proposal.objects.select_related("body", "agenda_item__meeting").order_by(
        "-created_at", "-pk"
    )
    state = request.GET.get("state", "")
    if state in Proposal.State.values:
        proposals = proposals.filter(state=state)
    page = Paginator(proposals, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/staff_list.html",
        {
            "page": page,
            "query": f"state={state}" if state in Proposal.State.values else "",
            "state": state,
            "states": Proposal.State.choices,
            "to_close": list(selectors.proposals_to_close()),
        },
    )


@require_perm("decisions.manage_decisions")
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
        ok, proposal = run_service(
            form, services.proposal_create, actor=request.user, **form.proposal_fields()
        )
        if ok:
            messages.success(request, _("The proposal has been saved as a draft."))
            return redirect("decisions:manage", pk=proposal.pk)
    return render(request, "decisions/proposal_form.html", {"form": form, "proposal": None})


@require_perm("decisions.manage_decisions")
def proposal_edit(request, pk: int):
    proposal = proposal_or_404(pk)
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
    if refusal:
        # A decided (or no longer draft) proposal is read-only: no form to fill in.
        form = None
    elif request.method == "POST" and form.is_valid():
        ok, _result = run_service(
            form,
            services.proposal_update,
            proposal=proposal,
            actor=request.user,
            **form.proposal_fields(),
        )
        if ok:
            messages.success(request, _("The proposal has been saved."))
            return redirect("decisions:manage", pk=proposal.pk)
    return render(
        request,
        "decisions/proposal_form.html",
        {"form": form, "proposal": proposal, "refusal": refusal},
    )


def _manage_page(
    request,
    proposal: Proposal,
    oral_form=None,
    extend_form=None,
    task_form=None,
    status: int = 200,
):
    proposal = services.close_if_due(proposal)
    parts = selectors.staff_page_parts(proposal)
    positions = parts["positions"]
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
        "decisions/manage.html",
        {
            "proposal": proposal,
            "current_positions": [p for p in positions if p.is_current],
            "history": sorted(positions, key=lambda p: (p.stated_at, p.pk)),
            "silent": silent,
            "oral_form": oral_form if can_record_oral else None,
            "extend_form": (
                (extend_form or ExtendForm())
                if proposal.state == Proposal.State.OPEN and proposal.is_written
                else None
            ),
            "tasks": parts["tasks"],
            # The empty task form is the same on every decision: a kept fragment, built
            # only when that is rendered anew.
            "task_form": (
                (task_form or UnboundForm(ActionItemForm))
                if proposal.state == Proposal.State.ADOPTED
                else None
            ),
            "now": timezone.now(),
        },
        status=status,
    )


@require_perm("decisions.manage_decisions")
def proposal_manage(request, pk: int):
    return _manage_page(request, proposal_or_404(pk))


def _action(request, pk: int, action, success: str):
    proposal = proposal_or_404(pk)
    run_action(request, action, success=success, proposal=proposal, actor=request.user)
    return redirect("decisions:manage", pk=pk)


@require_POST
@require_perm("decisions.manage_decisions")
def proposal_open(request, pk: int):
    return _action(request, pk, services.proposal_open, _("The proposal is open for positions."))


@require_POST
@require_perm("decisions.manage_decisions")
def proposal_close(request, pk: int):
    """Closes a meeting proposal (or a written one after its deadline). When partners present
    have stated no position, staff first see who and confirm."""
    proposal = proposal_or_404(pk)
    confirmed = request.POST.get("bestaetigt") == "1"
    if (
        proposal.state == Proposal.State.OPEN
        and not proposal.is_written
        and not confirmed
        and services.silent_participants(proposal).exists()
    ):
        return render(
            request,
            "decisions/close_confirm.html",
            {"proposal": proposal, "silent": list(services.silent_participants(proposal))},
        )
    run_action(
        request,
        services.proposal_close,
        success=_("The proposal has been decided."),
        proposal=proposal,
        actor=request.user,
        missing_confirmed=confirmed,
    )
    return redirect("decisions:manage", pk=pk)


@require_POST
@require_perm("decisions.manage_decisions")
def proposal_extend(request, pk: int):
    proposal = proposal_or_404(pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        ok, _result = run_service(
            form,
            services.proposal_extend,
            proposal=proposal,
            actor=request.user,
            deadline=form.cleaned_data["deadline"],
        )
        if ok:
            messages.success(
                request, _("The deadline has been extended; the partners have been informed.")
            )
            return redirect("decisions:manage", pk=pk)
    return _manage_page(request, proposal, extend_form=form)


@require_POST
@require_perm("decisions.manage_decisions")
def task_add(request, pk: int):
    """A task of the decision's follow-up (an action item without a meeting)."""
    proposal = proposal_or_404(pk)
    form = ActionItemForm(request.POST)
    if form.is_valid():
        ok, _result = run_service(
            form,
            services.decision_task_add,
            proposal=proposal,
            actor=request.user,
            **form.item_fields(),
        )
        if ok:
            messages.success(request, _("The task has been added; its owner has been informed."))
            return redirect(f"{reverse('decisions:manage', kwargs={'pk': pk})}#aufgaben")
    return _manage_page(request, proposal, task_form=form)


@require_POST
@require_perm("decisions.manage_decisions")
def proposal_withdraw(request, pk: int):
    return _action(request, pk, services.proposal_withdraw, _("The proposal has been withdrawn."))


@require_POST
@require_perm("decisions.manage_decisions")
def oral_position(request, pk: int):
    proposal = proposal_or_404(pk)
    if proposal.state != Proposal.State.OPEN or proposal.is_written:
        messages.error(
            request,
            services.position_refusal(proposal, None)
            or _("In the written procedure each partner states its position."),
        )
        return redirect("decisions:manage", pk=pk)
    form = OralPositionForm(request.POST, partners=services.participants(proposal))
    if form.is_valid():
        ok, _result = run_service(
            form,
            services.position_state,
            proposal=proposal,
            partner=form.cleaned_data["partner"],
            actor=request.user,
            value=form.cleaned_data["value"],
            reason=form.cleaned_data["reason"],
            oral=True,
        )
        if ok:
            messages.success(request, _("The position stated orally has been recorded."))
            return redirect("decisions:manage", pk=pk)
    return _manage_page(request, proposal, oral_form=form)
