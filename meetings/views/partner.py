"""The partner contacts' pages of the meetings app: answering invitations, theme circles,
working-group representatives and action items. Every view is behind the permission gate:
anonymous users are sent to the login, others without the rule get 403 (or 404 for a meeting
they may not see)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require_perm
from core.views import run_action, run_service
from partners import selectors as body_selectors
from partners.models import Membership, Partner
from partners.selectors import partner_of

from .. import services
from ..forms import MembershipProposalForm, RsvpForm
from ..models import ActionItem, Circle, CircleRegistration, Meeting
from .common import login_first, visible_meeting


def _circle(circle_id: int) -> Circle:
    return get_object_or_404(Circle.objects.select_related("meeting__body"), pk=circle_id)


def _circle_meeting(request, circle_id: int):
    meeting = _circle(circle_id).meeting
    if not request.user.has_perm("meetings.view_meeting", meeting):
        raise Http404
    return meeting


def _registration(request, circle_id: int) -> CircleRegistration:
    return get_object_or_404(
        CircleRegistration.objects.select_related("circle", "meeting"),
        circle_id=circle_id,
        user=request.user,
    )


def _membership(membership_id: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("body"), pk=membership_id)


def _action_item(pk: int) -> ActionItem:
    return get_object_or_404(ActionItem.objects.select_related("responsible_partner"), pk=pk)


@require_perm("meetings.rsvp_meeting", obj=login_first(visible_meeting))
def rsvp(request, pk: int, obj: Meeting):
    meeting = obj
    existing = meeting.rsvps.filter(user=request.user).first()
    initial = (
        {"answer": existing.answer, "people": existing.people, "comment": existing.comment}
        if existing
        else {}
    )
    if existing:
        initial["mode"] = existing.mode
    form = RsvpForm(request.POST or None, initial=initial, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        ok, _result = run_service(
            form, services.rsvp_submit, meeting=meeting, user=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("Thank you, your answer has been saved."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/partner/rsvp.html",
        {"meeting": meeting, "form": form, "existing": existing, "open": meeting.rsvp_open()},
    )


@require_POST
@require_perm("meetings.register_circle", obj=login_first(_circle_meeting))
def circle_register(request, circle_id: int):
    circle = _circle(circle_id)
    meeting = circle.meeting
    ok, registration = run_action(
        request, services.circle_register, circle=circle, user=request.user
    )
    if ok:
        if registration.status == CircleRegistration.Status.WAITING:
            messages.warning(
                request,
                _(
                    "The theme circle %(title)s is full. You are on the waiting list and will "
                    "be told by e-mail when a place becomes free."
                )
                % {"title": circle.title},
            )
        else:
            messages.success(
                request,
                _("You are registered for the theme circle %(title)s.") % {"title": circle.title},
            )
    return redirect(meeting.get_absolute_url() + "#klimakreise")


@require_POST
@require_perm("meetings.leave_circle", obj=login_first(_registration))
def circle_leave(request, circle_id: int, obj: CircleRegistration):
    registration = obj
    run_action(
        request,
        services.circle_leave,
        registration=registration,
        actor=request.user,
        success=_("You have left the theme circle %(title)s.")
        % {"title": registration.circle.title},
    )
    return redirect(registration.meeting.get_absolute_url() + "#klimakreise")


def _switch_registration(request, circle_id: int) -> CircleRegistration:
    """The user's registration in the meeting of the target circle (404 without one)."""
    circle = _circle(circle_id)
    return get_object_or_404(
        CircleRegistration.objects.select_related("circle", "meeting"),
        meeting_id=circle.meeting_id,
        user=request.user,
    )


@require_POST
@require_perm("meetings.leave_circle", obj=login_first(_switch_registration))
def circle_switch(request, circle_id: int, obj: CircleRegistration):
    circle = _circle(circle_id)
    ok, _result = run_action(
        request,
        services.circle_switch,
        registration=obj,
        circle=circle,
        actor=request.user,
        success=_("You are now registered for the theme circle %(title)s.")
        % {"title": circle.title},
    )
    return redirect(circle.meeting.get_absolute_url() + "#klimakreise")


@require_perm(
    "meetings.view_memberships", obj=login_first(lambda request: partner_of(request.user))
)
def memberships(request, obj: Partner):
    partner = obj
    suggested = body_selectors.suggested_working_groups(partner)
    initial = {"valid_from": timezone.localdate(), "representative": request.user.pk}
    if suggested:
        initial["body"] = suggested[0].pk
    form = MembershipProposalForm(request.POST or None, partner=partner, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _result = run_service(
            form,
            services.membership_propose,
            partner=partner,
            actor=request.user,
            **form.cleaned_data,
        )
        if ok:
            messages.success(
                request,
                _("Thank you. The Stabsstelle Klimaschutz will confirm the representative."),
            )
            return redirect("meetings:memberships")
    return render(
        request,
        "meetings/partner/memberships.html",
        {
            "partner": partner,
            "form": form,
            "memberships": list(body_selectors.partner_memberships(partner)),
            "suggested": suggested,
            "bodies": body_selectors.partner_bodies(partner),
        },
    )


@require_POST
@require_perm(
    "meetings.end_membership",
    obj=login_first(lambda request, membership_id: _membership(membership_id)),
)
def membership_end(request, membership_id: int, obj: Membership):
    membership = obj
    ok, _result = run_action(
        request, services.membership_end, membership=membership, actor=request.user
    )
    if ok:
        messages.success(request, _("The membership has been ended."))
    if request.user.has_perm("meetings.confirm_membership"):
        return redirect("meetings:staff_memberships")
    return redirect("meetings:memberships")


@require_POST
@require_perm(
    "meetings.complete_action_item", obj=login_first(lambda request, pk: _action_item(pk))
)
def action_item_complete(request, pk: int, obj: ActionItem):
    item = obj
    ok, _result = run_action(request, services.action_item_complete, item=item, actor=request.user)
    if ok:
        messages.success(request, _("The action item is marked as done."))
    if request.user.has_perm("meetings.manage_action_items"):
        return redirect("meetings:staff_action_items")
    return redirect("partner_dashboard")
