"""The Stabsstelle's pages of the meetings app: meetings with agenda, theme circles,
attendance, documents and action items, replies, memberships and the bodies' descriptions.
Every view is behind the permission gate (anonymous users to the login, others 403)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv import csv_response
from core.dates import spreadsheet_datetime
from core.downloads import private_download
from core.forms import UnboundForm
from core.permissions import require_perm
from core.views import run_action, run_service
from partners import selectors as body_selectors
from partners.models import Body, Membership, Partner

from .. import selectors, services
from ..forms import (
    ActionItemEditForm,
    ActionItemForm,
    AgendaItemForm,
    AttendanceForm,
    BodyForm,
    CircleForm,
    DocumentForm,
    MeetingForm,
)
from ..models import ActionItem, AgendaItem, Circle, Document, Meeting, Rsvp
from .common import manage_url, staff_meeting

STAFF_PAGE_SIZE = 30


@require_perm("meetings.manage_meetings")
def staff_meeting_list(request):
    meetings = Meeting.objects.select_related("body").annotate(
        yes=Count("rsvps", filter=Q(rsvps__answer=Rsvp.Answer.YES), distinct=True)
    )
    page = Paginator(meetings.order_by("-starts_at"), STAFF_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/staff/meeting_list.html",
        {"page": page, "query": "", "plenary_rule": selectors.plenary_rule()},
    )


@require_perm("meetings.manage_meetings")
def meeting_create(request):
    initial = {}
    body_slug = request.GET.get("gremium")
    if body_slug:
        initial["body"] = Body.objects.filter(slug=body_slug).first()
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, meeting = run_service(
            form, services.meeting_create, actor=request.user, **form.meeting_fields()
        )
        if ok:
            messages.success(
                request, _("The meeting has been created as a draft. Add the agenda next.")
            )
            return redirect("meetings:manage", pk=meeting.pk)
    return render(request, "meetings/staff/meeting_form.html", {"form": form, "meeting": None})


@require_perm("meetings.manage_meetings")
def meeting_edit(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        fields = form.meeting_fields()
        meeting.refresh_from_db()
        ok, _result = run_service(
            form,
            services.meeting_update,
            meeting=meeting,
            actor=request.user,
            notify=form.notify,
            **fields,
        )
        if ok:
            messages.success(request, _("The meeting has been saved."))
            return redirect("meetings:manage", pk=meeting.pk)
    return render(request, "meetings/staff/meeting_form.html", {"form": form, "meeting": meeting})


def _manage_page(request, meeting: Meeting, status: int = 200, **forms):
    parts = selectors.manage_page_parts(meeting)
    attended, present = parts.pop("attended"), parts.pop("present")

    def attendance_form() -> AttendanceForm:
        eligible = body_selectors.member_partners(meeting.body)
        return AttendanceForm(
            queryset=(eligible | Partner.objects.filter(pk__in=attended)).distinct(),
            initial={"partners": attended, "people": present},
        )

    # The empty forms come from the page's kept fragments: built only when one is rendered.
    context = {
        "meeting": meeting,
        **parts,
        "agenda_form": forms.get("agenda_form") or UnboundForm(AgendaItemForm),
        "circle_form": forms.get("circle_form") or UnboundForm(CircleForm),
        "attendance_form": forms.get("attendance_form") or UnboundForm(attendance_form),
        "document_form": forms.get("document_form")
        or UnboundForm(lambda: DocumentForm(meeting=meeting)),
        "action_item_form": forms.get("action_item_form")
        or UnboundForm(lambda: ActionItemForm(meeting=meeting)),
        "now": timezone.now(),
    }
    return render(request, "meetings/staff/manage.html", context, status=status)


@require_perm("meetings.manage_meetings")
def meeting_manage(request, pk: int):
    return _manage_page(request, staff_meeting(pk))


@require_POST
@require_perm("meetings.manage_meetings")
def meeting_publish(request, pk: int):
    meeting = staff_meeting(pk)
    ok, _result = run_action(request, services.meeting_publish, meeting=meeting, actor=request.user)
    if ok:
        messages.success(request, _("The meeting is published; the invitations are on their way."))
    return redirect("meetings:manage", pk=pk)


@require_POST
@require_perm("meetings.manage_meetings")
def meeting_state(request, pk: int):
    meeting = staff_meeting(pk)
    state = request.POST.get("state", "")
    if state == Meeting.State.HELD and meeting.state == Meeting.State.DRAFT:
        # Entered after the fact: held without invitations.
        ok, _result = run_action(
            request, services.meeting_record_held, meeting=meeting, actor=request.user
        )
    else:
        ok, _result = run_action(
            request, services.meeting_set_state, meeting=meeting, actor=request.user, state=state
        )
    if ok:
        messages.success(request, _("The state of the meeting has been changed."))
    return redirect("meetings:manage", pk=pk)


@require_POST
@require_perm("meetings.manage_meetings")
def agenda_add(request, pk: int):
    meeting = staff_meeting(pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        ok, _result = run_service(
            form, services.agenda_item_add, meeting=meeting, actor=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("The agenda item has been added."))
            return redirect(f"{manage_url(pk)}#tagesordnung")
    return _manage_page(request, meeting, agenda_form=form)


@require_POST
@require_perm("meetings.manage_meetings")
def agenda_change(request, pk: int, item_id: int):
    item = get_object_or_404(AgendaItem, pk=item_id, meeting_id=pk)
    action = request.POST.get("action")
    if action == "delete":
        run_action(
            request,
            services.agenda_item_delete,
            item=item,
            actor=request.user,
            success=_("The agenda item has been removed."),
        )
    elif action in ("up", "down"):
        services.agenda_item_move(item=item, actor=request.user, up=action == "up")
    return redirect(f"{manage_url(pk)}#tagesordnung")


@require_POST
@require_perm("meetings.manage_meetings")
def circle_add(request, pk: int):
    meeting = staff_meeting(pk)
    form = CircleForm(request.POST)
    if form.is_valid():
        ok, _result = run_service(
            form, services.circle_create, meeting=meeting, actor=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("The theme circle has been added."))
            return redirect(f"{manage_url(pk)}#klimakreise")
    return _manage_page(request, meeting, circle_form=form)


@require_perm("meetings.manage_meetings")
def circle_edit(request, pk: int, circle_id: int):
    circle = get_object_or_404(
        Circle.objects.select_related("meeting__body"), pk=circle_id, meeting_id=pk
    )
    form = CircleForm(request.POST or None, instance=circle)
    if request.method == "POST" and form.is_valid():
        ok, _result = run_service(
            form, services.circle_update, circle=circle, actor=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("The theme circle has been saved."))
            return redirect(f"{manage_url(pk)}#klimakreise")
    return circle_page(request, circle, form=form)


def circle_page(request, circle: Circle, *, form=None, participant_form=None, status=200):
    """The circle's edit page with its participants (shared with the participant views)."""
    from ..forms import CircleParticipantForm

    registrations = circle.registrations.select_related("user", "user__partner_contact__partner")
    return render(
        request,
        "meetings/staff/circle_form.html",
        {
            "form": form or CircleForm(instance=circle),
            "circle": circle,
            "meeting": circle.meeting,
            "registrations": registrations,
            "participant_form": participant_form or CircleParticipantForm(meeting=circle.meeting),
        },
        status=status,
    )


@require_POST
@require_perm("meetings.manage_meetings")
def attendance(request, pk: int):
    meeting = staff_meeting(pk)
    attended = list(meeting.attendances.values_list("partner_id", flat=True))
    queryset = (
        body_selectors.member_partners(meeting.body) | Partner.objects.filter(pk__in=attended)
    ).distinct()
    form = AttendanceForm(request.POST, queryset=queryset)
    if form.is_valid():
        ok, _result = run_service(
            form,
            services.attendance_record,
            meeting=meeting,
            actor=request.user,
            partners=form.cleaned_data["partners"],
            people=form.cleaned_data["people"],
        )
        if ok:
            messages.success(request, _("The attendance has been saved."))
            return redirect(f"{manage_url(pk)}#anwesenheit")
    return _manage_page(request, meeting, attendance_form=form)


@require_POST
@require_perm("meetings.manage_meetings")
def document_add(request, pk: int):
    meeting = staff_meeting(pk)
    form = DocumentForm(request.POST, request.FILES, meeting=meeting)
    if form.is_valid():
        ok, _result = run_service(
            form, services.document_upload, meeting=meeting, actor=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("The document has been uploaded."))
            return redirect(f"{manage_url(pk)}#dokumente")
    return _manage_page(request, meeting, document_form=form)


@require_POST
@require_perm("meetings.manage_meetings")
def document_remove(request, pk: int, doc_id: int):
    document = get_object_or_404(Document, pk=doc_id, meeting_id=pk)
    services.document_delete(document=document, actor=request.user)
    messages.success(request, _("The document has been deleted."))
    return redirect(f"{manage_url(pk)}#dokumente")


@require_POST
@require_perm("meetings.manage_action_items")
def action_item_add(request, pk: int):
    meeting = staff_meeting(pk)
    form = ActionItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        ok, _result = run_service(
            form,
            services.action_item_create,
            meeting=meeting,
            actor=request.user,
            **form.cleaned_data,
        )
        if ok:
            messages.success(request, _("The action item has been added."))
            return redirect(f"{manage_url(pk)}#aufgaben")
    return _manage_page(request, meeting, action_item_form=form)


@require_perm("meetings.manage_meetings")
def rsvp_list(request, pk: int):
    meeting = staff_meeting(pk)
    rsvps = list(meeting.rsvps.select_related("partner", "user"))
    return render(
        request,
        "meetings/staff/rsvp_list.html",
        {
            "meeting": meeting,
            "rsvps": rsvps,
            "yes_people": sum(r.people for r in rsvps if r.answer == Rsvp.Answer.YES),
            "non_responders": selectors.non_responders(meeting),
            "rsvp_open": meeting.rsvp_open(),
        },
    )


@require_perm("meetings.manage_meetings")
def rsvp_csv(request, pk: int):
    meeting = staff_meeting(pk)
    response, writer = csv_response(f"rueckmeldungen-{meeting.pk}.csv")
    writer.writerow(
        [
            _("Partner"),
            _("Contact"),
            _("E-mail"),
            _("Answer"),
            _("People"),
            _("Attendance mode"),
            _("Comment"),
            _("Answered at"),
        ]
    )
    for r in meeting.rsvps.select_related("partner", "user"):
        writer.writerow(
            [
                r.partner.name,
                r.user.name,
                r.user.email,
                r.get_answer_display(),
                r.people,
                r.get_mode_display(),
                r.comment,
                spreadsheet_datetime(r.answered_at),
            ]
        )
    return private_download(response)


@require_perm("meetings.manage_action_items")
def staff_action_items(request):
    filterset, items = selectors.action_items_for_staff(request.GET)
    form = filterset.form
    page = Paginator(items, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/staff/action_items.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@require_perm("meetings.manage_action_items")
def action_item_edit(request, pk: int):
    item = get_object_or_404(
        ActionItem.objects.select_related("meeting__body", "responsible_body"), pk=pk
    )
    form = ActionItemEditForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        item.refresh_from_db()
        ok, _result = run_service(
            form, services.action_item_update, item=item, actor=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("The action item has been saved."))
            return redirect("meetings:staff_action_items")
    return render(request, "meetings/staff/action_item_form.html", {"form": form, "item": item})


@require_perm("meetings.confirm_membership")
def staff_memberships(request):
    current = (
        Membership.objects.current()
        .select_related("body", "partner", "representative")
        .order_by("body__position", "partner__name")
    )
    return memberships_page(request, current)


def memberships_page(request, current=None, *, add_form=None, status=200):
    from ..forms import MembershipAddForm, MembershipRoleForm

    if current is None:
        current = (
            Membership.objects.current()
            .select_related("body", "partner", "representative")
            .order_by("body__position", "partner__name")
        )
    current = current.select_related("partner__sector")
    return render(
        request,
        "meetings/staff/memberships.html",
        {
            "pending": list(body_selectors.pending_memberships().select_related("partner__sector")),
            "current": body_selectors.memberships_by_body(current),
            "bodies": list(Body.objects.all()),
            "add_form": add_form or MembershipAddForm(initial={"valid_from": timezone.localdate()}),
            "role_choices": MembershipRoleForm.base_fields["role"].choices,
        },
        status=status,
    )


@require_POST
@require_perm("meetings.confirm_membership")
def membership_decide(request, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("body", "partner", "representative"), pk=membership_id
    )
    confirm = request.POST.get("decision") == "confirm"
    ok, _result = run_action(
        request,
        services.membership_decide,
        membership=membership,
        actor=request.user,
        confirm=confirm,
    )
    if ok:
        if confirm:
            messages.success(request, _("The membership has been confirmed."))
        else:
            messages.success(request, _("The proposal has been rejected."))
    return redirect("meetings:staff_memberships")


@require_perm("meetings.change_body")
def body_edit(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        ok, _result = run_service(
            form,
            services.body_update,
            body=body,
            actor=request.user,
            description=form.cleaned_data["description"],
        )
        if ok:
            messages.success(request, _("The description has been saved."))
            return redirect(body.get_absolute_url())
    return render(request, "meetings/staff/body_form.html", {"form": form, "body": body})
