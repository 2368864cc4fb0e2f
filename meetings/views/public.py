"""Public pages of the meetings app: working groups, meetings, results, documents and
calendar feeds. A meeting's pages are behind the gate with `meetings.view_meeting`, hidden:
drafts answer 404 for everyone but staff. Internal documents need a member (anonymous users
are sent to the login)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import fragments
from core.permissions import require_perm
from partners import selectors as body_selectors
from partners.models import Body, Membership, Partner

from .. import ics, selectors
from ..filters import MeetingListFilter
from ..models import ActionItem, CircleRegistration, Document, Meeting, Rsvp
from .common import meeting_or_404

PAST_PAGE_SIZE = 20


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
    base = Meeting.objects.public().select_related("body")
    filterset = MeetingListFilter(request.GET or None, queryset=base)
    public = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    if filterset.is_bound and not filterset.is_valid():
        public = base.none()
    upcoming = list(public.upcoming(now))
    page = Paginator(public.past(now).values_list("pk", flat=True), PAST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = fragments.card_rows(
        "meeting-row",
        list(page.object_list),
        lambda pks: Meeting.objects.filter(pk__in=pks).select_related("body"),
        extra=("True",),  # show_body
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "upcoming": upcoming,
            "page": page,
            "query": query.urlencode(),
            "filter": filterset,
            "filtered": any(request.GET.get(name) for name in MeetingListFilter.Meta.fields),
        },
    )


@require_perm("meetings.view_meeting", obj=meeting_or_404, hidden=True)
def meeting_detail(request, pk: int, obj: Meeting):
    meeting = obj
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
        # Tasks staff marked as internal are for members only.
        "action_items": list(
            (meeting.action_items.all() if internal else meeting.action_items.public())
            .select_related("responsible_partner", "responsible_body", "circle")
            .order_by("due_on", "pk")
        ),
        "open_points": list(selectors.open_points_for(meeting)),
        "can_manage": user.has_perm("meetings.manage_meetings"),
        "can_rsvp": user.has_perm("meetings.rsvp_meeting", meeting) and meeting.rsvp_open(),
        "can_register": user.has_perm("meetings.register_circle", meeting)
        and meeting.starts_at > timezone.now(),
    }
    if internal:
        context["attendances"] = list(
            meeting.attendances.select_related("partner").prefetch_related("people")
        )
        context["rsvps"] = list(meeting.rsvps.select_related("partner", "user"))
        context["rsvp_yes_people"] = sum(
            r.people for r in context["rsvps"] if r.answer == Rsvp.Answer.YES
        )
    if user.is_authenticated:
        context["my_rsvp"] = meeting.rsvps.filter(user=user).first()
        registration = (
            CircleRegistration.objects.filter(meeting=meeting, user=user)
            .select_related("circle")
            .first()
        )
        context["my_registration"] = registration
        # Leaving is the person's own business (also after their partner withdrew), until
        # the meeting begins.
        context["can_leave"] = (
            registration is not None
            and user.has_perm("meetings.leave_circle", registration)
            and meeting.starts_at > timezone.now()
        )
    return render(request, "meetings/meeting_detail.html", context)


@require_perm("meetings.view_meeting", obj=meeting_or_404, hidden=True)
def meeting_results(request, pk: int, obj: Meeting):
    meeting = obj
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


@require_perm("meetings.view_meeting", obj=meeting_or_404, hidden=True)
def document_download(request, pk: int, doc_id: int, obj: Meeting):
    meeting = obj
    document = get_object_or_404(Document, pk=doc_id, meeting=meeting)
    if not document.is_public:
        if not request.user.is_authenticated:
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


@require_perm("meetings.view_meeting", obj=meeting_or_404, hidden=True)
def meeting_ics(request, pk: int, obj: Meeting):
    """One meeting as a calendar file. Members and staff get the entry with the online link
    (never cached for others)."""
    meeting = obj
    internal = request.user.has_perm("meetings.view_meeting_internal", meeting)
    response = HttpResponse(
        ics.calendar_bytes([meeting], name=meeting.title, internal=internal),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="termin-{meeting.pk}.ics"'
    if internal or not meeting.is_public:
        response["Cache-Control"] = "private, no-store"
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
