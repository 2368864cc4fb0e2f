"""Views of the meetings app. Permissions are the named rules in meetings/rules.py:
anonymous users are sent to the login, users without the role get 403, meetings that are
not public (drafts) answer 404 for everyone but staff."""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.downloads import private_download
from partners import selectors as body_selectors
from partners.models import Body, Membership, Partner
from partners.roles import contact_partner_id
from partners.selectors import partner_of

from . import ics, selectors, services
from .forms import (
    ActionItemEditForm,
    ActionItemFilterForm,
    ActionItemForm,
    AgendaItemForm,
    AttendanceForm,
    BodyForm,
    CircleForm,
    DocumentForm,
    MeetingForm,
    MembershipProposalForm,
    RsvpForm,
)
from .models import (
    ActionItem,
    AgendaItem,
    Circle,
    CircleRegistration,
    Document,
    Meeting,
    Rsvp,
)

PAST_PAGE_SIZE = 20
STAFF_PAGE_SIZE = 30


def apply_validation_error(form, exc: ValidationError) -> None:
    """Shows a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def flash_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def permission(perm: str):
    """Login first, then the named permission (without object) or 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def visible_meeting(request, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not request.user.has_perm("meetings.view_meeting", meeting):
        raise Http404
    return meeting


# Public -----------------------------------------------------------------------------------


def body_list(request):
    bodies = list(Body.objects.all())
    today = timezone.localdate()
    counts = dict(
        Membership.objects.current(today)
        .filter(partner__status=Partner.Status.ACTIVE, partner__public_listing=True)
        .values_list("body_id")
        .annotate(n=Count("partner_id", distinct=True))
    )
    listed = Partner.objects.listed().count()
    for body in bodies:
        body.member_count = listed if body.is_plenary else counts.get(body.pk, 0)
    return render(request, "meetings/body_list.html", {"bodies": bodies})


def body_detail(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    now = timezone.now()
    meetings = list(body.meetings.public().order_by("starts_at"))
    upcoming = [m for m in meetings if m.ends_at >= now]
    past = sorted((m for m in meetings if m.ends_at < now), key=lambda m: m.starts_at, reverse=True)
    return render(
        request,
        "meetings/body_detail.html",
        {
            "body": body,
            "partners": list(body_selectors.partners_in_body(body)),
            "upcoming": upcoming,
            "past_by_year": selectors.meetings_by_year(past),
            "can_edit": request.user.has_perm("meetings.change_body"),
        },
    )


def meeting_list(request):
    now = timezone.now()
    public = Meeting.objects.public().select_related("body")
    upcoming = list(public.upcoming(now))
    page = Paginator(public.past(now), PAST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/meeting_list.html",
        {"upcoming": upcoming, "page": page, "query": ""},
    )


def meeting_detail(request, pk: int):
    meeting = visible_meeting(request, pk)
    user = request.user
    internal = user.has_perm("meetings.view_meeting_internal", meeting)
    documents = meeting.documents.select_related("circle")
    if not internal:
        documents = documents.public()
    circles = list(selectors.circles_with_counts(meeting))
    context = {
        "meeting": meeting,
        "internal": internal,
        "agenda": list(meeting.agenda_items.all()),
        "documents": list(documents),
        "circles": circles,
        "action_items": list(
            meeting.action_items.select_related("responsible_partner", "circle").order_by(
                "due_on", "pk"
            )
        ),
        "open_points": list(selectors.open_points_for(meeting)),
        "can_manage": user.has_perm("meetings.manage_meetings"),
        "can_rsvp": user.has_perm("meetings.rsvp_meeting", meeting) and meeting.rsvp_open(),
        "can_register": user.has_perm("meetings.register_circle", meeting)
        and meeting.starts_at > timezone.now(),
    }
    if internal:
        context["attendances"] = list(meeting.attendances.select_related("partner"))
        context["rsvps"] = list(meeting.rsvps.select_related("partner", "user"))
        context["rsvp_yes_people"] = sum(
            r.people for r in context["rsvps"] if r.answer == Rsvp.Answer.YES
        )
    if user.is_authenticated:
        context["my_rsvp"] = meeting.rsvps.filter(user=user).first()
        context["my_registration"] = (
            CircleRegistration.objects.filter(meeting=meeting, user=user)
            .select_related("circle")
            .first()
        )
    return render(request, "meetings/meeting_detail.html", context)


def meeting_results(request, pk: int):
    meeting = visible_meeting(request, pk)
    internal = request.user.has_perm("meetings.view_meeting_internal", meeting)
    documents = Document.objects.all() if internal else Document.objects.public()
    circles = meeting.circles.prefetch_related(
        Prefetch("documents", queryset=documents, to_attr="visible_documents"),
        Prefetch(
            "action_items",
            queryset=ActionItem.objects.select_related("responsible_partner"),
            to_attr="items",
        ),
    )
    return render(
        request, "meetings/meeting_results.html", {"meeting": meeting, "circles": list(circles)}
    )


def document_download(request, pk: int, doc_id: int):
    meeting = visible_meeting(request, pk)
    document = get_object_or_404(Document, pk=doc_id, meeting=meeting)
    if not document.is_public:
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("meetings.view_meeting_internal", meeting):
            raise PermissionDenied
    extension = document.file.name.rsplit(".", 1)[-1] if "." in document.file.name else ""
    filename = slugify(document.title) or "dokument"
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.{extension}" if extension else filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if not document.is_public else "public"
    return response


def _ics_response(meetings, *, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(
        ics.calendar_bytes(meetings, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_feed(request):
    meetings = Meeting.objects.public().select_related("body").order_by("starts_at")
    return _ics_response(
        meetings, name=_("Magdeburg Climate Alliance: meetings"), filename="kalender.ics"
    )


def body_calendar_feed(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    meetings = body.meetings.public().select_related("body").order_by("starts_at")
    return _ics_response(meetings, name=body.name, filename=f"{body.slug}.ics")


# Partner area -----------------------------------------------------------------------------


@login_required
def rsvp(request, pk: int):
    meeting = visible_meeting(request, pk)
    if not request.user.has_perm("meetings.rsvp_meeting", meeting):
        raise PermissionDenied
    existing = meeting.rsvps.filter(user=request.user).first()
    initial = (
        {"answer": existing.answer, "people": existing.people, "comment": existing.comment}
        if existing
        else {}
    )
    form = RsvpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rsvp_submit(meeting=meeting, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Thank you, your answer has been saved."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/partner/rsvp.html",
        {"meeting": meeting, "form": form, "existing": existing, "open": meeting.rsvp_open()},
    )


@require_POST
@login_required
def circle_register(request, circle_id: int):
    circle = get_object_or_404(Circle.objects.select_related("meeting__body"), pk=circle_id)
    meeting = circle.meeting
    if not request.user.has_perm("meetings.view_meeting", meeting):
        raise Http404
    if not request.user.has_perm("meetings.register_circle", meeting):
        raise PermissionDenied
    try:
        registration = services.circle_register(circle=circle, user=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
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
@login_required
def circle_leave(request, circle_id: int):
    registration = get_object_or_404(
        CircleRegistration.objects.select_related("circle", "meeting"),
        circle_id=circle_id,
        user=request.user,
    )
    services.circle_leave(registration=registration, actor=request.user)
    messages.success(
        request,
        _("You have left the theme circle %(title)s.") % {"title": registration.circle.title},
    )
    return redirect(registration.meeting.get_absolute_url() + "#klimakreise")


@login_required
def memberships(request):
    partner = partner_of(request.user)
    if partner is None or not request.user.has_perm("meetings.view_memberships", partner):
        raise PermissionDenied
    suggested = body_selectors.suggested_working_groups(partner)
    initial = {"valid_from": timezone.localdate(), "representative": request.user.pk}
    if suggested:
        initial["body"] = suggested[0].pk
    form = MembershipProposalForm(request.POST or None, partner=partner, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_propose(partner=partner, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
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
@login_required
def membership_end(request, membership_id: int):
    membership = get_object_or_404(Membership.objects.select_related("body"), pk=membership_id)
    if contact_partner_id(request.user) != membership.partner_id and not request.user.has_perm(
        "meetings.confirm_membership"
    ):
        raise PermissionDenied
    try:
        services.membership_end(membership=membership, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The membership has been ended."))
    if request.user.has_perm("meetings.confirm_membership"):
        return redirect("meetings:staff_memberships")
    return redirect("meetings:memberships")


@require_POST
@login_required
def action_item_complete(request, pk: int):
    item = get_object_or_404(ActionItem.objects.select_related("responsible_partner"), pk=pk)
    if not request.user.has_perm("meetings.complete_action_item", item):
        raise PermissionDenied
    try:
        services.action_item_complete(item=item, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The action item is marked as done."))
    if request.user.has_perm("meetings.manage_action_items"):
        return redirect("meetings:staff_action_items")
    return redirect("partner_dashboard")


# Staff ------------------------------------------------------------------------------------


@permission("meetings.manage_meetings")
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


@permission("meetings.manage_meetings")
def meeting_create(request):
    initial = {}
    body_slug = request.GET.get("gremium")
    if body_slug:
        initial["body"] = Body.objects.filter(slug=body_slug).first()
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.meeting_fields())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("The meeting has been created as a draft. Add the agenda next.")
            )
            return redirect("meetings:manage", pk=meeting.pk)
    return render(request, "meetings/staff/meeting_form.html", {"form": form, "meeting": None})


@permission("meetings.manage_meetings")
def meeting_edit(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            fields = form.meeting_fields()
            meeting.refresh_from_db()
            services.meeting_update(meeting=meeting, actor=request.user, **fields)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("meetings:manage", pk=meeting.pk)
    return render(request, "meetings/staff/meeting_form.html", {"form": form, "meeting": meeting})


def _manage_page(request, meeting: Meeting, status: int = 200, **forms):
    eligible = body_selectors.member_partners(meeting.body)
    attended = list(meeting.attendances.values_list("partner_id", flat=True))
    context = {
        "meeting": meeting,
        "agenda": list(meeting.agenda_items.all()),
        "circles": list(selectors.circles_with_counts(meeting)),
        "documents": list(meeting.documents.select_related("circle")),
        "action_items": list(
            meeting.action_items.select_related("responsible_partner", "responsible_person")
        ),
        "rsvp_counts": meeting.rsvps.aggregate(
            yes=Count("pk", filter=Q(answer=Rsvp.Answer.YES)),
            no=Count("pk", filter=Q(answer=Rsvp.Answer.NO)),
        ),
        "agenda_form": forms.get("agenda_form") or AgendaItemForm(),
        "circle_form": forms.get("circle_form") or CircleForm(),
        "attendance_form": forms.get("attendance_form")
        or AttendanceForm(
            queryset=(eligible | Partner.objects.filter(pk__in=attended)).distinct(),
            initial={"partners": attended},
        ),
        "document_form": forms.get("document_form") or DocumentForm(meeting=meeting),
        "action_item_form": forms.get("action_item_form") or ActionItemForm(meeting=meeting),
        "now": timezone.now(),
    }
    return render(request, "meetings/staff/manage.html", context, status=status)


def _staff_meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


@permission("meetings.manage_meetings")
def meeting_manage(request, pk: int):
    return _manage_page(request, _staff_meeting(pk))


@require_POST
@permission("meetings.manage_meetings")
def meeting_publish(request, pk: int):
    meeting = _staff_meeting(pk)
    try:
        services.meeting_publish(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The meeting is published; the invitations are on their way."))
    return redirect("meetings:manage", pk=pk)


@require_POST
@permission("meetings.manage_meetings")
def meeting_state(request, pk: int):
    meeting = _staff_meeting(pk)
    try:
        services.meeting_set_state(
            meeting=meeting, actor=request.user, state=request.POST.get("state", "")
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The state of the meeting has been changed."))
    return redirect("meetings:manage", pk=pk)


@require_POST
@permission("meetings.manage_meetings")
def agenda_add(request, pk: int):
    meeting = _staff_meeting(pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The agenda item has been added."))
            return redirect(f"{meeting_manage_url(pk)}#tagesordnung")
    return _manage_page(request, meeting, agenda_form=form)


def meeting_manage_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("meetings:manage", kwargs={"pk": pk})


@require_POST
@permission("meetings.manage_meetings")
def agenda_change(request, pk: int, item_id: int):
    item = get_object_or_404(AgendaItem, pk=item_id, meeting_id=pk)
    action = request.POST.get("action")
    if action == "delete":
        services.agenda_item_delete(item=item, actor=request.user)
        messages.success(request, _("The agenda item has been removed."))
    elif action in ("up", "down"):
        services.agenda_item_move(item=item, actor=request.user, up=action == "up")
    return redirect(f"{meeting_manage_url(pk)}#tagesordnung")


@require_POST
@permission("meetings.manage_meetings")
def circle_add(request, pk: int):
    meeting = _staff_meeting(pk)
    form = CircleForm(request.POST)
    if form.is_valid():
        try:
            services.circle_create(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The theme circle has been added."))
            return redirect(f"{meeting_manage_url(pk)}#klimakreise")
    return _manage_page(request, meeting, circle_form=form)


@permission("meetings.manage_meetings")
def circle_edit(request, pk: int, circle_id: int):
    circle = get_object_or_404(
        Circle.objects.select_related("meeting__body"), pk=circle_id, meeting_id=pk
    )
    form = CircleForm(request.POST or None, instance=circle)
    if request.method == "POST" and form.is_valid():
        try:
            services.circle_update(circle=circle, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The theme circle has been saved."))
            return redirect(f"{meeting_manage_url(pk)}#klimakreise")
    registrations = circle.registrations.select_related("user", "user__partner_contact__partner")
    return render(
        request,
        "meetings/staff/circle_form.html",
        {"form": form, "circle": circle, "meeting": circle.meeting, "registrations": registrations},
    )


@require_POST
@permission("meetings.manage_meetings")
def attendance(request, pk: int):
    meeting = _staff_meeting(pk)
    attended = list(meeting.attendances.values_list("partner_id", flat=True))
    queryset = (
        body_selectors.member_partners(meeting.body) | Partner.objects.filter(pk__in=attended)
    ).distinct()
    form = AttendanceForm(request.POST, queryset=queryset)
    if form.is_valid():
        try:
            services.attendance_record(
                meeting=meeting, actor=request.user, partners=form.cleaned_data["partners"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The attendance has been saved."))
            return redirect(f"{meeting_manage_url(pk)}#anwesenheit")
    return _manage_page(request, meeting, attendance_form=form)


@require_POST
@permission("meetings.manage_meetings")
def document_add(request, pk: int):
    meeting = _staff_meeting(pk)
    form = DocumentForm(request.POST, request.FILES, meeting=meeting)
    if form.is_valid():
        try:
            services.document_upload(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The document has been uploaded."))
            return redirect(f"{meeting_manage_url(pk)}#dokumente")
    return _manage_page(request, meeting, document_form=form)


@require_POST
@permission("meetings.manage_meetings")
def document_remove(request, pk: int, doc_id: int):
    document = get_object_or_404(Document, pk=doc_id, meeting_id=pk)
    services.document_delete(document=document, actor=request.user)
    messages.success(request, _("The document has been deleted."))
    return redirect(f"{meeting_manage_url(pk)}#dokumente")


@require_POST
@permission("meetings.manage_action_items")
def action_item_add(request, pk: int):
    meeting = _staff_meeting(pk)
    form = ActionItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.action_item_create(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The action item has been added."))
            return redirect(f"{meeting_manage_url(pk)}#aufgaben")
    return _manage_page(request, meeting, action_item_form=form)


@permission("meetings.manage_meetings")
def rsvp_list(request, pk: int):
    meeting = _staff_meeting(pk)
    rsvps = list(meeting.rsvps.select_related("partner", "user"))
    return render(
        request,
        "meetings/staff/rsvp_list.html",
        {
            "meeting": meeting,
            "rsvps": rsvps,
            "yes_people": sum(r.people for r in rsvps if r.answer == Rsvp.Answer.YES),
        },
    )


@permission("meetings.manage_meetings")
def rsvp_csv(request, pk: int):
    meeting = _staff_meeting(pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rueckmeldungen-{meeting.pk}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Partner"),
            _("Contact"),
            _("E-mail"),
            _("Answer"),
            _("People"),
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
                _csv_safe(r.comment),
                timezone.localtime(r.answered_at).strftime("%d.%m.%Y %H:%M"),
            ]
        )
    return private_download(response)


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


@permission("meetings.manage_action_items")
def staff_action_items(request):
    form = ActionItemFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.action_items_for_staff(
        user=request.user,
        status=filters.get("status", ""),
        body=filters.get("body"),
        overdue=filters.get("overdue", False),
        mine=filters.get("mine", False),
    )
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


@permission("meetings.manage_action_items")
def action_item_edit(request, pk: int):
    item = get_object_or_404(ActionItem.objects.select_related("meeting__body"), pk=pk)
    form = ActionItemEditForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            item.refresh_from_db()
            services.action_item_update(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The action item has been saved."))
            return redirect("meetings:staff_action_items")
    return render(request, "meetings/staff/action_item_form.html", {"form": form, "item": item})


@permission("meetings.confirm_membership")
def staff_memberships(request):
    current = (
        Membership.objects.current()
        .select_related("body", "partner", "representative")
        .order_by("body__position", "partner__name")
    )
    return render(
        request,
        "meetings/staff/memberships.html",
        {
            "pending": list(body_selectors.pending_memberships()),
            "current": body_selectors.memberships_by_body(current),
            "bodies": list(Body.objects.all()),
        },
    )


@require_POST
@permission("meetings.confirm_membership")
def membership_decide(request, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("body", "partner", "representative"), pk=membership_id
    )
    confirm = request.POST.get("decision") == "confirm"
    try:
        services.membership_decide(membership=membership, actor=request.user, confirm=confirm)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        if confirm:
            messages.success(request, _("The membership has been confirmed."))
        else:
            messages.success(request, _("The proposal has been rejected."))
    return redirect("meetings:staff_memberships")


@permission("meetings.change_body")
def body_edit(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(
                body=body, actor=request.user, description=form.cleaned_data["description"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The description has been saved."))
            return redirect(body.get_absolute_url())
    return render(request, "meetings/staff/body_form.html", {"form": form, "body": body})
