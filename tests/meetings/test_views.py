"""Views: permissions role by role, bad input on forms, feeds, exports, query counts."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import services
from meetings.models import CircleRegistration, Document, Meeting, Rsvp
from partners.models import Body, Membership
from tests.factories import (
    ActionItemFactory,
    CircleFactory,
    MeetingFactory,
    MembershipFactory,
    PartnerFactory,
    StaffUserFactory,
)
from tests.meetings.conftest import make_contact

BERLIN = timezone.get_default_timezone()
ROLES = ["anonymous", "member", "outsider", "staff"]


@pytest.fixture
def users(member, outsider, staff_user):
    return {"anonymous": None, "member": member, "outsider": outsider, "staff": staff_user}


@pytest.fixture
def world(wg_meeting, staff_user, member):
    """A published working-group meeting with a circle, an action item, two documents."""
    circle = CircleFactory(meeting=wg_meeting, title="Energie")
    item = ActionItemFactory(meeting=wg_meeting, responsible_partner=member.partner_contact.partner)
    public_doc = services.document_upload(
        meeting=wg_meeting,
        actor=staff_user,
        title="Öffentliche Folien",
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 public"),
        visibility="oeffentlich",
    )
    internal_doc = services.document_upload(
        meeting=wg_meeting,
        actor=staff_user,
        title="Internes Protokoll",
        file=SimpleUploadedFile("b.pdf", b"%PDF-1.4 internal"),
        visibility="intern",
        kind="protokoll",
    )
    membership = Membership.objects.get(representative=member)
    agenda_item = services.agenda_item_add(meeting=wg_meeting, actor=staff_user, title="Begrüßung")
    return {
        "agenda_item": agenda_item,
        "meeting": wg_meeting,
        "circle": circle,
        "item": item,
        "public_doc": public_doc,
        "internal_doc": internal_doc,
        "membership": membership,
    }


def get_as(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def expect(response, code):
    if code == "login":
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith("/konto/login/")
    else:
        assert response.status_code == code, (response.status_code, code)


# Permission matrix ------------------------------------------------------------------------

PUBLIC_URLS = [
    "/arbeitsgruppen/",
    "/arbeitsgruppen/energiesysteme-stromnutzung/",
    "/arbeitsgruppen/energiesysteme-stromnutzung/kalender.ics",
    "/termine/",
    "/termine/kalender.ics",
    "/termine/{meeting}/",
    "/termine/{meeting}/ergebnisse/",
    "/termine/{meeting}/dokumente/{public_doc}/",
]

STAFF_URLS = [
    "/stabsstelle/termine/",
    "/stabsstelle/termine/neu/",
    "/stabsstelle/termine/{meeting}/",
    "/stabsstelle/termine/{meeting}/bearbeiten/",
    "/stabsstelle/termine/{meeting}/klimakreise/{circle}/",
    "/stabsstelle/termine/{meeting}/rueckmeldungen/",
    "/stabsstelle/termine/{meeting}/rueckmeldungen.csv",
    "/stabsstelle/aufgaben/",
    "/stabsstelle/aufgaben/{item}/",
    "/stabsstelle/arbeitsgruppen/",
    "/stabsstelle/arbeitsgruppen/verkehr/bearbeiten/",
]


def fill(url, world):
    return url.format(**{key: getattr(value, "pk", value) for key, value in world.items()})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_for_everyone(client, users, world, role, url):
    expect(get_as(client, users[role], fill(url, world)), 200)


@pytest.mark.parametrize(
    ("role", "code"), [("anonymous", "login"), ("member", 403), ("outsider", 403), ("staff", 200)]
)
@pytest.mark.parametrize("url", STAFF_URLS)
def test_staff_pages(client, users, world, role, code, url):
    expect(get_as(client, users[role], fill(url, world)), code)


@pytest.mark.parametrize(
    ("role", "code"), [("anonymous", "login"), ("member", 200), ("outsider", 403), ("staff", 200)]
)
def test_internal_document(client, users, world, role, code):
    response = get_as(
        client, users[role], fill("/termine/{meeting}/dokumente/{internal_doc}/", world)
    )
    expect(response, code)
    if code == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == b"%PDF-1.4 internal"


@pytest.mark.parametrize(
    ("role", "code"), [("anonymous", "login"), ("member", 200), ("outsider", 403), ("staff", 403)]
)
def test_rsvp_page(client, users, world, role, code):
    expect(
        get_as(client, users[role], fill("/mein-bereich/termine/{meeting}/rueckmeldung/", world)),
        code,
    )


@pytest.mark.parametrize(
    ("role", "code"), [("anonymous", "login"), ("member", 200), ("outsider", 200), ("staff", 403)]
)
def test_membership_page(client, users, world, role, code):
    expect(get_as(client, users[role], "/mein-bereich/arbeitsgruppen/"), code)


def test_membership_page_refuses_inactive_partner(client, inactive_contact):
    expect(get_as(client, inactive_contact, "/mein-bereich/arbeitsgruppen/"), 403)


@pytest.mark.parametrize(
    ("role", "visible"),
    [("anonymous", False), ("member", True), ("outsider", False), ("staff", True)],
)
def test_internal_details_on_meeting_page(client, users, world, role, visible):
    meeting = world["meeting"]
    meeting.format = Meeting.Format.HYBRID
    meeting.online_link = "https://konferenz.example/geheim"
    meeting.save()
    Rsvp.objects.create(
        meeting=meeting,
        partner=world["membership"].partner,
        user=world["membership"].representative,
        answer="zusage",
        people=2,
    )
    html = get_as(client, users[role], f"/termine/{meeting.pk}/").content.decode()
    assert ("konferenz.example/geheim" in html) is visible
    assert ("Internes Protokoll" in html) is visible
    assert ("Für Mitglieder und die Stabsstelle" in html) is visible
    assert "Öffentliche Folien" in html


@pytest.mark.parametrize(
    ("role", "code"), [("anonymous", 404), ("member", 404), ("outsider", 404), ("staff", 200)]
)
def test_drafts_are_invisible(client, users, world, role, code):
    draft = MeetingFactory(body=world["meeting"].body, state="entwurf", title="Geheimer Entwurf")
    assert get_as(client, users[role], f"/termine/{draft.pk}/").status_code == code
    client.logout()
    assert "Geheimer Entwurf" not in client.get("/termine/").content.decode()
    assert b"Geheimer Entwurf" not in client.get("/termine/kalender.ics").content


@pytest.mark.parametrize(
    ("role", "code"), [("anonymous", "login"), ("member", 403), ("outsider", 403)]
)
def test_only_staff_change_meetings(client, users, world, role, code):
    meeting = world["meeting"]
    user = users[role]
    if user:
        client.force_login(user)
    for url, data in [
        (f"/stabsstelle/termine/{meeting.pk}/veroeffentlichen/", {}),
        (f"/stabsstelle/termine/{meeting.pk}/status/", {"state": "abgesagt"}),
        (f"/stabsstelle/termine/{meeting.pk}/tagesordnung/", {"agenda-title": "X"}),
        (f"/stabsstelle/termine/{meeting.pk}/anwesenheit/", {}),
        (f"/stabsstelle/termine/{meeting.pk}/klimakreise/", {"circle-title": "X"}),
        (f"/stabsstelle/termine/{meeting.pk}/aufgaben/", {"action-title": "X"}),
        (
            f"/stabsstelle/arbeitsgruppen/mitgliedschaften/{world['membership'].pk}/",
            {"decision": "reject"},
        ),
        (
            f"/stabsstelle/termine/{meeting.pk}/tagesordnung/{world['agenda_item'].pk}/",
            {"action": "delete"},
        ),
        (f"/stabsstelle/termine/{meeting.pk}/dokumente/", {"document-title": "X"}),
        (
            f"/stabsstelle/termine/{meeting.pk}/dokumente/{world['internal_doc'].pk}/loeschen/",
            {},
        ),
        (f"/stabsstelle/termine/{meeting.pk}/bearbeiten/", {"title": "X"}),
        (
            f"/stabsstelle/termine/{meeting.pk}/klimakreise/{world['circle'].pk}/",
            {"circle-title": "X"},
        ),
        (f"/stabsstelle/aufgaben/{world['item'].pk}/", {"action-title": "X"}),
        ("/stabsstelle/arbeitsgruppen/verkehr/bearbeiten/", {"description": "X"}),
    ]:
        expect(client.post(url, data), code)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PUBLISHED
    assert meeting.title == "Sitzung Energie"
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Begrüßung"]
    assert meeting.documents.count() == 2
    assert meeting.circles.get().title == "Energie"
    world["membership"].refresh_from_db()
    assert world["membership"].status == "bestaetigt"
    assert Body.objects.get(slug="verkehr").description != "X"


def test_membership_end_permissions(client, users, world):
    url = f"/mein-bereich/arbeitsgruppen/{world['membership'].pk}/beenden/"
    expect(client.post(url), "login")
    client.force_login(users["outsider"])
    expect(client.post(url), 403)
    world["membership"].refresh_from_db()
    assert world["membership"].valid_until is None
    client.force_login(users["member"])
    assert client.post(url).status_code == 302
    world["membership"].refresh_from_db()
    assert world["membership"].valid_until == timezone.localdate()


def test_circle_leave_only_own_registration(client, users, world):
    circle = world["circle"]
    services.circle_register(circle=circle, user=users["member"])
    url = f"/mein-bereich/klimakreise/{circle.pk}/abmelden/"
    expect(client.post(url), "login")
    client.force_login(users["outsider"])
    expect(client.post(url), 404)
    assert CircleRegistration.objects.count() == 1
    client.force_login(users["member"])
    assert client.post(url).status_code == 302
    assert not CircleRegistration.objects.exists()


def test_circle_registration_permissions(client, users, world):
    circle = world["circle"]
    url = f"/mein-bereich/klimakreise/{circle.pk}/anmelden/"
    expect(client.post(url), "login")
    client.force_login(users["outsider"])
    expect(client.post(url), 403)
    client.force_login(users["staff"])
    expect(client.post(url), 403)
    client.force_login(users["member"])
    assert client.post(url).status_code == 302
    assert CircleRegistration.objects.get().user == users["member"]


def test_action_item_completion_permissions(client, users, world):
    item = world["item"]
    url = f"/mein-bereich/aufgaben/{item.pk}/erledigt/"
    expect(client.post(url), "login")
    client.force_login(users["outsider"])
    expect(client.post(url), 403)
    client.force_login(users["member"])
    assert client.post(url).status_code == 302
    item.refresh_from_db()
    assert item.status == "erledigt"


# Staff workflow and bad input -------------------------------------------------------------


def meeting_post(body, **overrides):
    data = {
        "body": body.pk,
        "title": "Allianzversammlung Herbst",
        "starts_at": "2030-10-15T18:00",
        "ends_at": "2030-10-15T20:00",
        "format": "praesenz",
        "place": "Altes Rathaus",
        "online_link": "",
        "rsvp_deadline": "2030-10-10T12:00",
        "core_topics": "Wärme",
        "description": "Öffentlich",
        "summary": "",
        "minutes": "",
    }
    data.update(overrides)
    return data


def test_staff_create_meeting_keeps_berlin_time(client, staff_user, plenary):
    client.force_login(staff_user)
    response = client.post("/stabsstelle/termine/neu/", meeting_post(plenary))
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/stabsstelle/termine/{meeting.pk}/"
    assert meeting.starts_at == datetime.datetime(2030, 10, 15, 16, 0, tzinfo=datetime.UTC)
    assert meeting.state == Meeting.State.DRAFT


def test_end_before_start_form_error_keeps_input(client, staff_user, plenary):
    client.force_login(staff_user)
    response = client.post(
        "/stabsstelle/termine/neu/", meeting_post(plenary, ends_at="2030-10-15T17:00")
    )
    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()
    assert 'value="Allianzversammlung Herbst"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_agenda_circle_attendance_documents_on_manage_page(client, staff_user, meeting, partner):
    client.force_login(staff_user)
    base = f"/stabsstelle/termine/{meeting.pk}"
    assert client.post(f"{base}/tagesordnung/", {"agenda-title": "Begrüßung"}).status_code == 302
    response = client.post(f"{base}/tagesordnung/", {"agenda-title": ""})
    assert response.status_code == 200 and "agenda-title" in response.context[
        "agenda_form"
    ].add_prefix("title")
    assert response.context["agenda_form"].errors
    response = client.post(
        f"{base}/klimakreise/", {"circle-title": "Mobilität", "circle-capacity": "4"}
    )
    assert response.status_code == 200
    assert "capacity" in response.context["circle_form"].errors
    assert response.context["circle_form"]["title"].value() == "Mobilität"
    response = client.post(
        f"{base}/dokumente/",
        {
            "document-title": "Folien",
            "document-kind": "folien",
            "document-visibility": "oeffentlich",
            "document-file": SimpleUploadedFile("folien.pdf", b"<html>nope</html>"),
        },
    )
    assert response.status_code == 200
    assert "Dateityp ist nicht erlaubt" in response.content.decode()
    assert response.context["document_form"]["title"].value() == "Folien"
    assert not Document.objects.exists()
    # Attendance only after the start; then it is saved.
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=1)
    meeting.ends_at = timezone.now() + datetime.timedelta(hours=1)
    meeting.save()
    response = client.post(f"{base}/anwesenheit/", {"attendance-partners": [partner.pk]})
    assert response.status_code == 302
    assert list(meeting.attendances.values_list("partner", flat=True)) == [partner.pk]


def test_rsvp_after_deadline_shows_error_and_keeps_input(client, contact_user, meeting):
    meeting.rsvp_deadline = timezone.now() - datetime.timedelta(hours=1)
    meeting.save()
    client.force_login(contact_user)
    response = client.post(
        f"/mein-bereich/termine/{meeting.pk}/rueckmeldung/",
        {"answer": "zusage", "people": "4", "comment": "Wir kommen zu viert"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Die Rückmeldefrist ist abgelaufen." in html
    assert 'value="Wir kommen zu viert"' in html
    assert not Rsvp.objects.exists()


def test_rsvp_list_and_csv(client, staff_user, contact_user, meeting):
    services.rsvp_submit(
        meeting=meeting, user=contact_user, answer="zusage", people=3, comment="=SUM(A1)"
    )
    client.force_login(staff_user)
    assert contact_user.email not in client.get(f"/termine/{meeting.pk}/").content.decode()
    response = client.get(f"/stabsstelle/termine/{meeting.pk}/rueckmeldungen.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert contact_user.email in text and "Zusage" in text and ";3;" in text
    assert "'=SUM(A1)" in text


def test_full_circle_and_second_circle_messages(client, meeting, contact_user):
    full = CircleFactory(meeting=meeting, capacity=6, title="Mobilität")
    other = CircleFactory(meeting=meeting, title="Energie")
    for _ in range(6):
        services.circle_register(circle=full, user=make_contact(PartnerFactory()))
    client.force_login(contact_user)
    response = client.post(f"/mein-bereich/klimakreise/{full.pk}/anmelden/", follow=True)
    assert "Sie stehen auf der Warteliste" in response.content.decode()
    response = client.post(f"/mein-bereich/klimakreise/{other.pk}/anmelden/", follow=True)
    assert "bereits für einen Klimakreis dieser Sitzung angemeldet" in response.content.decode()
    assert CircleRegistration.objects.get(user=contact_user).status == "warteliste"


def test_representative_from_another_partner_form_error(client, contact_user, working_group):
    stranger = make_contact(PartnerFactory())
    client.force_login(contact_user)
    response = client.post(
        "/mein-bereich/arbeitsgruppen/",
        {
            "body": working_group.pk,
            "representative": stranger.pk,
            "role": "mitglied",
            "valid_from": "2030-01-01",
        },
    )
    assert response.status_code == 200
    assert "Ansprechperson derselben Partnerorganisation" in response.content.decode()
    assert not Membership.objects.exists()


def test_propose_and_confirm_membership_through_views(client, contact_user, working_group):
    client.force_login(contact_user)
    response = client.post(
        "/mein-bereich/arbeitsgruppen/",
        {
            "body": working_group.pk,
            "representative": contact_user.pk,
            "role": "leitung",
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get()
    staff = StaffUserFactory()
    client.force_login(staff)
    assert contact_user.name in client.get("/stabsstelle/arbeitsgruppen/").content.decode()
    client.post(
        f"/stabsstelle/arbeitsgruppen/mitgliedschaften/{membership.pk}/", {"decision": "confirm"}
    )
    membership.refresh_from_db()
    assert membership.status == "bestaetigt"
    page = client.get("/arbeitsgruppen/energiesysteme-stromnutzung/").content.decode()
    assert contact_user.partner_contact.partner.name in page


def test_publish_through_view_sends_invitations(
    client, staff_user, plenary, contact_user, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(body=plenary, state="entwurf")
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/stabsstelle/termine/{meeting.pk}/veroeffentlichen/")
    assert [m.to for m in mail.outbox] == [[contact_user.email]]


def test_action_item_filters(client, staff_user, meeting, working_group):
    today = timezone.localdate()
    overdue = ActionItemFactory(
        meeting=meeting, title="Überfällig", due_on=today - datetime.timedelta(days=2)
    )
    ActionItemFactory(meeting=meeting, title="Erledigt", status="erledigt")
    mine = ActionItemFactory(
        meeting=MeetingFactory(body=working_group), title="Meine", created_by=staff_user
    )
    client.force_login(staff_user)

    def titles(query):
        response = client.get(f"/stabsstelle/aufgaben/?{query}")
        return {item.title for item in response.context["page"].object_list}

    assert titles("due=ueberfaellig") == {overdue.title}
    assert titles(f"body={working_group.pk}") == {mine.title}
    assert titles("status=offen") == {overdue.title, mine.title}
    assert titles("status=unerledigt") == {overdue.title, mine.title}
    # "mine" is no filter any more: the Stabsstelle's own items are `owner=stabsstelle`.
    assert titles("owner=stabsstelle") == {overdue.title, "Erledigt", mine.title}
    assert titles("status=quatsch&due=x&partner=abc&body=-1") == {
        overdue.title,
        "Erledigt",
        mine.title,
    }


def test_open_points_on_next_meeting(client, meeting):
    earlier = MeetingFactory(
        body=meeting.body,
        starts_at=meeting.starts_at - datetime.timedelta(days=180),
        ends_at=meeting.starts_at - datetime.timedelta(days=180) + datetime.timedelta(hours=2),
        state="stattgefunden",
    )
    ActionItemFactory(meeting=earlier, title="Radwegekonzept vorlegen")
    ActionItemFactory(meeting=earlier, title="Erledigte Sache", status="erledigt")
    html = client.get(f"/termine/{meeting.pk}/").content.decode()
    assert "Offene Punkte aus früheren Sitzungen" in html
    assert "Radwegekonzept vorlegen" in html and "Erledigte Sache" not in html


# Feeds ------------------------------------------------------------------------------------


def test_calendar_feed_parses_with_right_times(client, plenary, working_group):
    summer = MeetingFactory(
        body=plenary,
        title="Sommerversammlung",
        starts_at=datetime.datetime(2030, 7, 1, 18, 0, tzinfo=BERLIN),
        ends_at=datetime.datetime(2030, 7, 1, 20, 30, tzinfo=BERLIN),
    )
    winter = MeetingFactory(
        body=working_group,
        title="Winterrunde",
        starts_at=datetime.datetime(2030, 1, 15, 9, 0, tzinfo=BERLIN),
        ends_at=datetime.datetime(2030, 1, 15, 11, 0, tzinfo=BERLIN),
        state="abgesagt",
        sequence=2,
    )
    response = client.get("/termine/kalender.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    s = events["Allianzversammlung: Sommerversammlung"]
    assert s.decoded("dtstart").astimezone(datetime.UTC) == datetime.datetime(
        2030, 7, 1, 16, 0, tzinfo=datetime.UTC
    )
    assert s["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert s.decoded("dtend").astimezone(datetime.UTC).hour == 18
    assert str(s["UID"]) == f"meeting-{summer.pk}@127.0.0.1"
    w = events["Energiesysteme / Stromnutzung: Winterrunde"]
    assert w.decoded("dtstart").astimezone(datetime.UTC) == datetime.datetime(
        2030, 1, 15, 8, 0, tzinfo=datetime.UTC
    )
    assert w["STATUS"] == "CANCELLED" and int(w["SEQUENCE"]) == 2
    assert "konferenz" not in response.content.decode()
    # One feed per body.
    body_feed = icalendar.Calendar.from_ical(
        client.get("/arbeitsgruppen/verkehr/kalender.ics").content
    )
    assert body_feed.walk("VEVENT") == []
    wg_feed = icalendar.Calendar.from_ical(
        client.get("/arbeitsgruppen/energiesysteme-stromnutzung/kalender.ics").content
    )
    assert [str(e["UID"]) for e in wg_feed.walk("VEVENT")] == [f"meeting-{winter.pk}@127.0.0.1"]


# Query counts -----------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def populate(body, n, start_offset=0):
    now = timezone.now()
    for i in range(n):
        start = now + datetime.timedelta(days=(i - n // 2) * 20 + start_offset)
        meeting = MeetingFactory(
            body=body, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
        )
        ActionItemFactory(meeting=meeting)
    for _ in range(n):
        partner = PartnerFactory()
        if body.kind == "facharbeitsgruppe":
            MembershipFactory(partner=partner, representative=make_contact(partner), body=body)


@pytest.mark.parametrize(
    "url",
    [
        "/termine/",
        "/arbeitsgruppen/energiesysteme-stromnutzung/",
        "/arbeitsgruppen/",
        "/termine/kalender.ics",
    ],
)
def test_public_pages_have_constant_query_count(client, working_group, url, record_property):
    populate(working_group, 2)
    few = count_queries(client, url)
    populate(working_group, 30, start_offset=7)
    many = count_queries(client, url)
    record_property("queries", (url, few, many))
    print(f"QUERIES {url}: few={few} many={many}")
    assert few == many


def test_meeting_page_query_count_does_not_grow(client, meeting):
    for _i in range(2):
        CircleFactory(meeting=meeting)
    few = count_queries(client, f"/termine/{meeting.pk}/")
    for _i in range(5):
        CircleFactory(meeting=meeting)
        ActionItemFactory(meeting=meeting)
    many = count_queries(client, f"/termine/{meeting.pk}/")
    print(f"QUERIES /termine/<id>/: few={few} many={many}")
    assert few == many
