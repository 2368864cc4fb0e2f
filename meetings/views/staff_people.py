"""The Stabsstelle's pages about people (#16): reminding the invited who have not answered,
the participants of a theme circle, and adding working-group members and setting their
roles. Every view is behind the permission gate (anonymous users to the login, others 403)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_response
from core.dates import spreadsheet_datetime
from core.downloads import private_download
from core.permissions import require_perm
from core.views import run_action, run_service
from partners.models import Membership

from .. import services
from ..forms import CircleParticipantForm, MembershipAddForm, MembershipRoleForm
from ..models import Circle, CircleRegistration
from .common import staff_meeting
from .staff import circle_page, memberships_page


def _circle(pk: int, circle_id: int) -> Circle:
    return get_object_or_404(
        Circle.objects.select_related("meeting__body"), pk=circle_id, meeting_id=pk
    )


@require_POST
@require_perm("meetings.manage_meetings")
def rsvp_remind(request, pk: int):
    meeting = staff_meeting(pk)
    ok, count = run_action(request, services.rsvp_remind, meeting=meeting, actor=request.user)
    if ok:
        messages.success(
            request, _("A reminder has been sent to %(count)s people.") % {"count": count}
        )
    return redirect("meetings:rsvps", pk=pk)


@require_POST
@require_perm("meetings.manage_meetings")
def circle_participant_add(request, pk: int, circle_id: int):
    circle = _circle(pk, circle_id)
    form = CircleParticipantForm(request.POST, meeting=circle.meeting)
    if form.is_valid():
        ok, registration = run_service(
            form,
            services.circle_participant_add,
            circle=circle,
            user=form.cleaned_data["user"],
            actor=request.user,
        )
        if ok:
            if registration.status == CircleRegistration.Status.WAITING:
                messages.warning(
                    request, _("The circle is full: the person is on the waiting list.")
                )
            else:
                messages.success(request, _("The person has been registered."))
            return redirect("meetings:circle_edit", pk=pk, circle_id=circle_id)
    return circle_page(request, circle, participant_form=form, status=200)


@require_POST
@require_perm("meetings.manage_meetings")
def circle_participant_remove(request, pk: int, circle_id: int, registration_id: int):
    circle = _circle(pk, circle_id)
    registration = get_object_or_404(CircleRegistration, pk=registration_id, circle=circle)
    run_action(
        request,
        services.circle_participant_remove,
        registration=registration,
        actor=request.user,
        success=_("The person has been removed from the theme circle."),
    )
    return redirect("meetings:circle_edit", pk=pk, circle_id=circle_id)


@require_perm("meetings.manage_meetings")
def circle_participants_csv(request, pk: int, circle_id: int):
    circle = _circle(pk, circle_id)
    response, writer = csv_response(f"klimakreis-{circle.pk}-teilnehmende.csv")
    writer.writerow(
        [_("Theme circle"), _("Name"), _("E-mail"), _("Partner"), _("Status"), _("Registered at")]
    )
    registrations = circle.registrations.select_related(
        "user", "user__partner_contact__partner"
    ).order_by("status", "registered_at", "pk")
    for registration in registrations:
        contact = getattr(registration.user, "partner_contact", None)
        writer.writerow(
            [
                circle.title,
                registration.user.name,
                registration.user.email,
                contact.partner.name if contact else "",
                registration.get_status_display(),
                spreadsheet_datetime(registration.registered_at),
            ]
        )
    return private_download(response)


@require_POST
@require_perm("meetings.confirm_membership")
def membership_add(request):
    form = MembershipAddForm(request.POST)
    if form.is_valid():
        ok, _result = run_service(
            form, services.membership_add, actor=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("The member has been added."))
            return redirect("meetings:staff_memberships")
    return memberships_page(request, add_form=form)


@require_POST
@require_perm("meetings.confirm_membership")
def membership_role(request, membership_id: int):
    membership = get_object_or_404(Membership, pk=membership_id)
    form = MembershipRoleForm(request.POST)
    if form.is_valid():
        ok, _result = run_action(
            request,
            services.membership_set_role,
            membership=membership,
            role=form.cleaned_data["role"],
            actor=request.user,
            success=_("The role has been changed."),
        )
    else:
        messages.error(request, _("Please choose a role."))
    return redirect("meetings:staff_memberships")
