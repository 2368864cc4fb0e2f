"""OParl 1.1 (https://oparl.org, specification in the repository OParl/spec), a subset for
the alliance's meetings and decisions at /oparl/v1/system.

Mapping: the alliance is the one Body; its plenary and the four working groups are
Organizations; public meetings are Meetings with their agenda embedded as AgendaItems (the
decision's result and text on the item that decided it); decided proposals of the register
are Papers, each with one Consultation that links it to its agenda item (written procedures
have none); public meeting documents are Files. The alliance keeps no persons, memberships of
persons or legislative terms: those lists are valid and empty, and no person's name appears
(agenda presenters, moderators, who stated a position are left out).

Lists are OParl object lists (`data`, `pagination`, `links`) with `page`, `created_since`,
`created_until`, `modified_since` and `modified_until`. Only public objects exist here: a
draft meeting, an internal document or an undecided proposal is a 404 by id as well.
"""

import functools

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.licence import LICENCE_URL
from decisions.models import Proposal
from meetings.models import AgendaItem, Document, Meeting, MeetingQuerySet
from partners.models import Body

from .fields import parse_point_in_time
from .throttling import PublicReadThrottle

OPARL_VERSION = "https://schema.oparl.org/1.1/"
BODY_KEY = "klimaallianz"
PAGE_SIZE = 50
PUBLIC_STATES = MeetingQuerySet.PUBLIC_STATES
MEETING_STATES = {
    Meeting.State.PUBLISHED: "terminiert",
    Meeting.State.HELD: "durchgeführt",
    Meeting.State.CANCELLED: "abgesagt",
}
TIME_FILTERS = ("created_since", "created_until", "modified_since", "modified_until")


def oparl_type(name: str) -> str:
    return f"{OPARL_VERSION}{name}"


def url(request, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(f"api:oparl-{name}", kwargs=kwargs or None))


def web(request, path: str) -> str:
    return request.build_absolute_uri(path)


def moment(value) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def answer(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Public data for any client, also browser-based OParl readers on other sites.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(status: int, message: str) -> JsonResponse:
    return answer({"type": "Error", "message": message}, status=status)


def oparl_view(view):
    """GET only, rate limited like the read API, unknown objects as an OParl error."""

    @functools.wraps(view)
    @require_GET
    def wrapped(request, *args, **kwargs):
        throttle = PublicReadThrottle()
        if not throttle.allow_request(request, None):
            response = error(429, _("Too many requests in a short time; please wait a moment."))
            wait = throttle.wait()
            if wait is not None:
                response["Retry-After"] = str(int(wait) + 1)
            return response
        result = view(request, *args, **kwargs)
        if result is None:
            return error(404, _("This object does not exist or is not public."))
        return result if isinstance(result, JsonResponse) else answer(result)

    return wrapped


# Objects --------------------------------------------------------------------------------------


def system_object(request) -> dict:
    return {
        "id": url(request, "system"),
        "type": oparl_type("System"),
        "oparlVersion": OPARL_VERSION,
        "otherOparlVersions": [],
        "license": LICENCE_URL,
        "body": url(request, "bodies"),
        "name": "Klimaschutzportal der Magdeburger Klimaallianz",
        "contactName": "Stabsstelle Klimaschutz der Landeshauptstadt Magdeburg",
        "website": web(request, reverse("home")),
        "web": web(request, reverse("opendata")),
    }


def body_object(request) -> dict:
    lists = {
        "organization": "organizations",
        "person": "persons",
        "meeting": "meetings",
        "paper": "papers",
        "agendaItem": "agenda-items",
        "consultation": "consultations",
        "file": "files",
        "membership": "memberships",
        "legislativeTermList": "legislative-terms",
    }
    data = {
        "id": url(request, "body", body=BODY_KEY),
        "type": oparl_type("Body"),
        "system": url(request, "system"),
        "shortName": "Klimaallianz",
        "name": "Magdeburger Klimaallianz",
        "website": web(request, reverse("home")),
        "license": LICENCE_URL,
        "classification": "Klimaschutzbündnis",
        "contactName": "Stabsstelle Klimaschutz der Landeshauptstadt Magdeburg",
        # The alliance has no legislative terms; the property is required, so: none.
        "legislativeTerm": [],
        "web": web(request, reverse("home")),
    }
    for key, name in lists.items():
        data[key] = url(request, name, body=BODY_KEY)
    return data


def organization_object(request, body: Body) -> dict:
    return {
        "id": url(request, "organization", slug=body.slug),
        "type": oparl_type("Organization"),
        "body": url(request, "body", body=BODY_KEY),
        "name": body.name,
        "organizationType": "Gremium",
        "classification": body.get_kind_display(),
        "meeting": url(request, "organization-meetings", slug=body.slug),
        "membership": [],
        "web": web(request, body.get_absolute_url()),
    }


def _decided(item: AgendaItem) -> Proposal | None:
    proposals = getattr(item, "decided_proposals", None)
    if proposals is None:
        proposals = list(item.proposals.decided().order_by("decided_at", "pk"))
    return proposals[0] if proposals else None


def agenda_item_object(request, item: AgendaItem, *, embedded: bool = False) -> dict:
    meeting = item.meeting
    data = {
        "id": url(request, "agenda-item", pk=item.pk),
        "type": oparl_type("AgendaItem"),
        "number": str(item.position),
        "order": item.position,
        "name": item.title,
        "public": True,
        "web": web(request, meeting.get_absolute_url()),
        "created": moment(meeting.created_at),
        "modified": moment(meeting.updated_at),
    }
    if not embedded:
        data["meeting"] = url(request, "meeting", pk=meeting.pk)
    proposal = _decided(item)
    if proposal is not None:
        data["consultation"] = url(request, "consultation", pk=proposal.pk)
        data["result"] = proposal.get_state_display()
        data["resolutionText"] = proposal.text
    return data


def file_object(request, document: Document, *, embedded: bool = False) -> dict:
    extension = document.file.name.rsplit(".", 1)[-1] if "." in document.file.name else ""
    name = slugify(document.title) or "dokument"
    address = web(request, document.get_absolute_url())
    data = {
        "id": url(request, "file", pk=document.pk),
        "type": oparl_type("File"),
        "name": document.title,
        "fileName": f"{name}.{extension}" if extension else name,
        "mimeType": document.content_type or "application/octet-stream",
        "size": document.size,
        "date": timezone.localtime(document.uploaded_at).date().isoformat(),
        "accessUrl": address,
        "downloadUrl": address,
        "fileLicense": LICENCE_URL,
        "created": moment(document.uploaded_at),
        "modified": moment(document.uploaded_at),
    }
    if not embedded:
        data["meeting"] = [url(request, "meeting", pk=document.meeting_id)]
    return data


def meeting_object(request, meeting: Meeting) -> dict:
    return {
        "id": url(request, "meeting", pk=meeting.pk),
        "type": oparl_type("Meeting"),
        "name": meeting.title,
        "meetingState": MEETING_STATES.get(meeting.state, meeting.get_state_display()),
        "cancelled": meeting.state == Meeting.State.CANCELLED,
        "start": moment(meeting.starts_at),
        "end": moment(meeting.ends_at),
        "organization": [url(request, "organization", slug=meeting.body.slug)],
        # Who took part is not published by name.
        "participant": [],
        "auxiliaryFile": [
            file_object(request, document, embedded=True) for document in meeting.public_documents
        ],
        "agendaItem": [
            agenda_item_object(request, item, embedded=True) for item in meeting.agenda_items.all()
        ],
        "web": web(request, meeting.get_absolute_url()),
        "created": moment(meeting.created_at),
        "modified": moment(meeting.updated_at),
    }


def _public_agenda_item(proposal: Proposal) -> AgendaItem | None:
    item = proposal.agenda_item
    if item is None or item.meeting.state not in PUBLIC_STATES:
        return None
    return item


def consultation_object(request, proposal: Proposal, *, embedded: bool = False) -> dict:
    data = {
        "id": url(request, "consultation", pk=proposal.pk),
        "type": oparl_type("Consultation"),
        "organization": [url(request, "organization", slug=proposal.body.slug)],
        "authoritative": True,
        "role": (
            "Beschlussfassung im Umlaufverfahren"
            if proposal.is_written
            else "Beschlussfassung in der Sitzung"
        ),
        "created": moment(proposal.created_at),
        "modified": moment(proposal.decided_at),
    }
    if not embedded:
        data["paper"] = url(request, "paper", pk=proposal.pk)
    item = _public_agenda_item(proposal)
    if item is not None:
        data["agendaItem"] = url(request, "agenda-item", pk=item.pk)
        data["meeting"] = url(request, "meeting", pk=item.meeting_id)
    return data


def paper_object(request, proposal: Proposal) -> dict:
    return {
        "id": url(request, "paper", pk=proposal.pk),
        "type": oparl_type("Paper"),
        "body": url(request, "body", body=BODY_KEY),
        "name": proposal.title,
        "reference": proposal.number,
        "date": timezone.localtime(proposal.decided_at).date().isoformat(),
        "paperType": "Beschlussvorlage",
        "consultation": [consultation_object(request, proposal, embedded=True)],
        "web": web(request, proposal.get_absolute_url()),
        "created": moment(proposal.created_at),
        "modified": moment(proposal.decided_at),
    }


# Querysets (public objects only) -------------------------------------------------------------


def meetings_queryset():
    return (
        Meeting.objects.public()
        .select_related("body")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.order_by("position", "pk").prefetch_related(
                    Prefetch(
                        "proposals",
                        queryset=Proposal.objects.decided().order_by("decided_at", "pk"),
                        to_attr="decided_proposals",
                    )
                ),
            ),
            Prefetch(
                "documents",
                queryset=Document.objects.public().order_by("uploaded_at", "pk"),
                to_attr="public_documents",
            ),
        )
        .order_by("starts_at", "pk")
    )


def agenda_items_queryset():
    return (
        AgendaItem.objects.filter(meeting__state__in=PUBLIC_STATES)
        .select_related("meeting")
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.decided().order_by("decided_at", "pk"),
                to_attr="decided_proposals",
            )
        )
        .order_by("meeting__starts_at", "meeting_id", "position", "pk")
    )


def papers_queryset():
    return (
        Proposal.objects.decided_public()
        .select_related("body", "agenda_item__meeting")
        .order_by("decided_at", "pk")
    )


def files_queryset():
    return (
        Document.objects.public()
        .filter(meeting__state__in=PUBLIC_STATES)
        .order_by("uploaded_at", "pk")
    )


# Lists ---------------------------------------------------------------------------------------


def object_list(request, items, serialize, *, created: str | None, modified: str | None):
    """An OParl object list of `items` (a queryset, or a list without timestamps)."""
    bounds = {}
    for name in TIME_FILTERS:
        raw = request.GET.get(name)
        if raw is None:
            continue
        value = parse_point_in_time(raw)
        if value is None:
            return error(
                400,
                _(
                    "%(name)s: please give a point in time in ISO 8601 format, e.g. "
                    "2026-01-31T12:00:00+01:00."
                )
                % {"name": name},
            )
        bounds[name] = value
    if not isinstance(items, list):
        lookups = {}
        for name, value in bounds.items():
            field = created if name.startswith("created") else modified
            if field:
                lookups[f"{field}__{'gte' if name.endswith('since') else 'lte'}"] = value
        items = items.filter(**lookups)
    paginator = Paginator(items, PAGE_SIZE, allow_empty_first_page=True)
    raw_page = request.GET.get("page", "1")
    try:
        number = int(raw_page)
        page = paginator.page(number)
    except (ValueError, EmptyPage):
        return error(404, _("This page of the list does not exist."))

    def link(page_number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page_number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    links = {"first": link(1), "last": link(paginator.num_pages), "self": link(number)}
    if page.has_previous():
        links["prev"] = link(number - 1)
    if page.has_next():
        links["next"] = link(number + 1)
    return answer(
        {
            "data": [serialize(obj) for obj in page.object_list],
            "pagination": {
                "totalElements": paginator.count,
                "elementsPerPage": PAGE_SIZE,
                "currentPage": number,
                "totalPages": paginator.num_pages,
            },
            "links": links,
        }
    )


def _known_body(body: str) -> bool:
    return body == BODY_KEY


# Views ---------------------------------------------------------------------------------------


@oparl_view
def system(request):
    return system_object(request)


@oparl_view
def bodies(request):
    return object_list(request, [None], lambda _: body_object(request), created=None, modified=None)


@oparl_view
def body(request, body: str):
    return body_object(request) if _known_body(body) else None


@oparl_view
def organizations(request, body: str):
    if not _known_body(body):
        return None
    return object_list(
        request,
        list(Body.objects.order_by("position", "name")),
        lambda obj: organization_object(request, obj),
        created=None,
        modified=None,
    )


@oparl_view
def organization(request, slug: str):
    found = Body.objects.filter(slug=slug).first()
    return organization_object(request, found) if found else None


@oparl_view
def organization_meetings(request, slug: str):
    found = Body.objects.filter(slug=slug).first()
    if found is None:
        return None
    return object_list(
        request,
        meetings_queryset().filter(body=found),
        lambda obj: meeting_object(request, obj),
        created="created_at",
        modified="updated_at",
    )


@oparl_view
def meetings(request, body: str):
    if not _known_body(body):
        return None
    return object_list(
        request,
        meetings_queryset(),
        lambda obj: meeting_object(request, obj),
        created="created_at",
        modified="updated_at",
    )


@oparl_view
def meeting(request, pk: int):
    found = meetings_queryset().filter(pk=pk).first()
    return meeting_object(request, found) if found else None


@oparl_view
def agenda_items(request, body: str):
    if not _known_body(body):
        return None
    return object_list(
        request,
        agenda_items_queryset(),
        lambda obj: agenda_item_object(request, obj),
        created="meeting__created_at",
        modified="meeting__updated_at",
    )


@oparl_view
def agenda_item(request, pk: int):
    found = agenda_items_queryset().filter(pk=pk).first()
    return agenda_item_object(request, found) if found else None


@oparl_view
def papers(request, body: str):
    if not _known_body(body):
        return None
    return object_list(
        request,
        papers_queryset(),
        lambda obj: paper_object(request, obj),
        created="created_at",
        modified="decided_at",
    )


@oparl_view
def paper(request, pk: int):
    found = papers_queryset().filter(pk=pk).first()
    return paper_object(request, found) if found else None


@oparl_view
def consultations(request, body: str):
    if not _known_body(body):
        return None
    return object_list(
        request,
        papers_queryset(),
        lambda obj: consultation_object(request, obj),
        created="created_at",
        modified="decided_at",
    )


@oparl_view
def consultation(request, pk: int):
    found = papers_queryset().filter(pk=pk).first()
    return consultation_object(request, found) if found else None


@oparl_view
def files(request, body: str):
    if not _known_body(body):
        return None
    return object_list(
        request,
        files_queryset(),
        lambda obj: file_object(request, obj),
        created="uploaded_at",
        modified="uploaded_at",
    )


@oparl_view
def file(request, pk: int):
    found = files_queryset().filter(pk=pk).first()
    return file_object(request, found) if found else None


@oparl_view
def empty_list(request, body: str):
    """Persons, memberships and legislative terms: the alliance keeps none."""
    if not _known_body(body):
        return None
    return object_list(request, [], lambda obj: obj, created=None, modified=None)


B = "oparl/v1/body/<slug:body>/"

urlpatterns = [
    path("oparl/v1/system", system, name="oparl-system"),
    path("oparl/v1/bodies", bodies, name="oparl-bodies"),
    path("oparl/v1/body/<slug:body>", body, name="oparl-body"),
    path(B + "organization", organizations, name="oparl-organizations"),
    path(B + "person", empty_list, name="oparl-persons"),
    path(B + "membership", empty_list, name="oparl-memberships"),
    path(B + "legislative-term", empty_list, name="oparl-legislative-terms"),
    path(B + "meeting", meetings, name="oparl-meetings"),
    path(B + "agenda-item", agenda_items, name="oparl-agenda-items"),
    path(B + "paper", papers, name="oparl-papers"),
    path(B + "consultation", consultations, name="oparl-consultations"),
    path(B + "file", files, name="oparl-files"),
    path("oparl/v1/organization/<slug:slug>", organization, name="oparl-organization"),
    path(
        "oparl/v1/organization/<slug:slug>/meeting",
        organization_meetings,
        name="oparl-organization-meetings",
    ),
    path("oparl/v1/meeting/<int:pk>", meeting, name="oparl-meeting"),
    path("oparl/v1/agenda-item/<int:pk>", agenda_item, name="oparl-agenda-item"),
    path("oparl/v1/paper/<int:pk>", paper, name="oparl-paper"),
    path("oparl/v1/consultation/<int:pk>", consultation, name="oparl-consultation"),
    path("oparl/v1/file/<int:pk>", file, name="oparl-file"),
]
