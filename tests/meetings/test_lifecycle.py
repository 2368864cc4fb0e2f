"""#16: change notices, the lifecycle with its locks, attendance by person, replies and the
per-meeting calendar file."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.audit.models import AuditEntry
from core.markdown import render_plain_text
from meetings import selectors, services
from meetings.models import AgendaItem, Attendance, Meeting, Rsvp
from tests.factories import MeetingFactory, PartnerFactory
from tests.meetings.conftest import make_contact

BERLIN = timezone.get_default_timezone()


def edit_fields(meeting, **overrides):
    fields = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    fields.update(overrides)
    return fields


def ics_event(message):
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    calendar = icalendar.Calendar.from_ical(attachment[1])
    return calendar, calendar.walk("VEVENT")[0]


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Runs the block's on-commit callbacks (the outbox sends) when it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def invited(db):
    """Two contacts of two active partners (the plenary invites all), one registered one."""
    first = make_contact(PartnerFactory(name="Elbstrom GmbH"))
    second = make_contact(PartnerFactory(name="Stadtwerke Magdeburg"))
    make_contact(PartnerFactory(name="Neu e.V.", status="registriert"))
    return [first, second]


# Change notices ---------------------------------------------------------------------------


def test_moving_a_published_meeting_mails_the_invited_an_updated_request(
    meeting, staff_user, invited, sent
):
    uid_before = f"meeting-{meeting.pk}@"
    sequence = meeting.sequence
    mail.outbox.clear()
    new_start = meeting.starts_at + datetime.timedelta(days=1)
    with sent():
        services.meeting_update(
            meeting=meeting,
            actor=staff_user,
            **edit_fields(
                meeting, starts_at=new_start, ends_at=new_start + datetime.timedelta(hours=2)
            ),
        )
    meeting.refresh_from_db()
    assert meeting.sequence == sequence + 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in invited)
    message = mail.outbox[0]
    assert message.subject.endswith(f"Geändert: {meeting.title}")
    assert "Neue Zeit" in message.body
    (html, mimetype) = message.alternatives[0][:2]
    assert mimetype == "text/html" and "<strong>Neue Zeit</strong>" in html
    calendar, event = ics_event(message)
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]).startswith(uid_before)
    assert int(event["sequence"]) == sequence + 1
    assert event.decoded("dtstart") == new_start.astimezone(BERLIN)
    assert "organizer" in event
    # The description is text, not Markdown.
    assert "**" not in str(event["description"])
    assert "Klimakreise" in str(event["description"])
    entry = AuditEntry.objects.filter(object_id=str(meeting.pk), action="changed").get()
    assert "starts_at" in entry.changes and "2" in entry.note


@pytest.mark.parametrize(
    "change",
    [
        {"place": "Ratssaal"},
        {"format": "hybrid", "online_link": "https://meet.example.org/ka"},
    ],
)
def test_place_format_and_link_changes_send_a_notice(meeting, staff_user, invited, change, sent):
    mail.outbox.clear()
    with sent():
        services.meeting_update(meeting=meeting, actor=staff_user, **edit_fields(meeting, **change))
    assert len(mail.outbox) == 2


def test_minor_change_notifies_nobody_but_raises_sequence(meeting, staff_user, invited, sent):
    mail.outbox.clear()
    with sent():
        services.meeting_update(
            meeting=meeting,
            actor=staff_user,
            notify=False,
            **edit_fields(meeting, place="Ratssaal"),
        )
    meeting.refresh_from_db()
    assert mail.outbox == []
    assert meeting.sequence == 1
    entry = AuditEntry.objects.get(object_id=str(meeting.pk), action="changed")
    assert "niemand benachrichtigt" in entry.note


def test_title_change_or_draft_change_sends_no_notice(meeting, staff_user, invited, sent):
    mail.outbox.clear()
    draft = MeetingFactory(state=Meeting.State.DRAFT)
    with sent():
        services.meeting_update(
            meeting=meeting, actor=staff_user, **edit_fields(meeting, title="X")
        )
        services.meeting_update(meeting=draft, actor=staff_user, **edit_fields(draft, place="Y"))
    assert mail.outbox == []


def test_edit_view_with_minor_checkbox(client, meeting, staff_user, invited, sent):
    client.force_login(staff_user)
    url = reverse("meetings:edit", kwargs={"pk": meeting.pk})
    page = client.get(url)
    assert "geringfügige Änderung – niemanden benachrichtigen" in page.content.decode()
    data = {
        "body": meeting.body_id,
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "format": meeting.format,
        "place": "Ratssaal",
        "description": meeting.description,
        "minor_change": "on",
    }
    mail.outbox.clear()
    with sent():
        assert client.post(url, data).status_code == 302
    assert mail.outbox == []
    data["place"] = "Altes Rathaus"
    del data["minor_change"]
    with sent():
        assert client.post(url, data).status_code == 302
    assert len(mail.outbox) == 2


def test_plain_text_renderer():
    text = render_plain_text("## Titel\n\n**Fett** mit [Link](https://example.org)\n\n- a\n- b")
    assert text == "Titel\n\nFett mit Link (https://example.org)\n\n- a\n- b"
    assert render_plain_text("<script>alert(1)</script>Hallo") == "Hallo"
    assert render_plain_text("") == ""


def test_agenda_description_is_rendered_markdown(client, meeting):
    AgendaItem.objects.create(meeting=meeting, title="Bericht", description="**wichtig**")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<strong>wichtig</strong>" in page and "**wichtig**" not in page


# Lifecycle --------------------------------------------------------------------------------


def test_past_draft_is_recorded_as_held_without_invitations(staff_user, invited, sent):
    start = timezone.now() - datetime.timedelta(days=30)
    draft = MeetingFactory(
        state=Meeting.State.DRAFT, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    with pytest.raises(ValidationError):
        services.meeting_publish(meeting=draft, actor=staff_user)
    mail.outbox.clear()
    with sent():
        services.meeting_record_held(meeting=draft, actor=staff_user)
    draft.refresh_from_db()
    assert draft.state == Meeting.State.HELD and draft.recorded_afterwards
    assert mail.outbox == []
    services.attendance_record(meeting=draft, partners=[], people=invited, actor=staff_user)
    assert draft.attendances.count() == 2


def test_future_draft_cannot_be_recorded_as_held(staff_user):
    draft = MeetingFactory(state=Meeting.State.DRAFT)
    with pytest.raises(ValidationError):
        services.meeting_record_held(meeting=draft, actor=staff_user)


def test_record_held_via_state_view(client, staff_user):
    start = timezone.now() - datetime.timedelta(days=3)
    draft = MeetingFactory(
        state=Meeting.State.DRAFT, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    client.force_login(staff_user)
    page = client.get(reverse("meetings:manage", kwargs={"pk": draft.pk})).content.decode()
    assert "ohne Einladungen" in page
    client.post(reverse("meetings:state", kwargs={"pk": draft.pk}), {"state": "stattgefunden"})
    draft.refresh_from_db()
    assert draft.state == Meeting.State.HELD


@pytest.fixture
def held_with_attendance(staff_user, invited):
    start = timezone.now() - datetime.timedelta(days=10)
    held = MeetingFactory(
        state=Meeting.State.HELD, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    services.attendance_record(
        meeting=held, partners=[invited[0].partner_contact.partner], actor=staff_user
    )
    return held


def test_body_and_date_of_a_meeting_with_attendance_are_locked(
    held_with_attendance, staff_user, working_group
):
    held = held_with_attendance
    later = held.starts_at + datetime.timedelta(days=365)
    for change in (
        {"body": working_group},
        {"starts_at": later, "ends_at": later + datetime.timedelta(hours=1)},
    ):
        with pytest.raises(ValidationError) as error:
            services.meeting_update(meeting=held, actor=staff_user, **edit_fields(held, **change))
        assert "Anwesenheit" in str(error.value)
    # The summary may still be written.
    services.meeting_update(meeting=held, actor=staff_user, **edit_fields(held, summary="Gut"))


def test_lock_is_shown_on_the_form(client, held_with_attendance, staff_user, working_group):
    held = held_with_attendance
    client.force_login(staff_user)
    url = reverse("meetings:edit", kwargs={"pk": held.pk})
    page = client.get(url).content.decode()
    assert "können nicht mehr geändert werden" in page
    response = client.post(
        url,
        {
            "body": working_group.pk,
            "title": held.title,
            "starts_at": "2031-01-01T10:00",
            "ends_at": "2031-01-01T12:00",
            "format": held.format,
            "place": held.place,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    held.refresh_from_db()
    assert held.body.is_plenary and held.starts_at < timezone.now()


def test_decision_under_the_agenda_locks_too(staff_user, meeting):
    from decisions.models import Proposal

    item = services.agenda_item_add(meeting=meeting, actor=staff_user, title="Beschluss")
    Proposal.objects.create(
        title="Wärmeplan", text="Text", body=meeting.body, procedure="sitzung", agenda_item=item
    )
    assert selectors.has_decisions(meeting)
    later = meeting.starts_at + datetime.timedelta(days=2)
    with pytest.raises(ValidationError):
        services.meeting_update(
            meeting=meeting,
            actor=staff_user,
            **edit_fields(meeting, starts_at=later, ends_at=later + datetime.timedelta(hours=1)),
        )


# RSVP mode, non-responders, attendance by person -------------------------------------------


def test_hybrid_rsvp_needs_a_mode(staff_user, invited):
    hybrid = MeetingFactory(format="hybrid", online_link="https://meet.example.org/x")
    user = invited[0]
    with pytest.raises(ValidationError):
        services.rsvp_submit(meeting=hybrid, user=user, answer="zusage", people=1)
    rsvp = services.rsvp_submit(
        meeting=hybrid, user=user, answer="zusage", people=1, mode=Rsvp.Mode.ONLINE
    )
    assert rsvp.mode == "online"
    # Not asked for other formats, dropped for a no.
    in_person = MeetingFactory()
    assert (
        services.rsvp_submit(meeting=in_person, user=user, answer="zusage", mode="online").mode
        == ""
    )
    assert (
        services.rsvp_submit(meeting=hybrid, user=user, answer="absage", mode="online").mode == ""
    )


def test_rsvp_form_offers_mode_only_for_hybrid(client, invited, meeting):
    hybrid = MeetingFactory(format="hybrid", online_link="https://meet.example.org/x")
    client.force_login(invited[0])
    assert (
        "vor Ort"
        not in client.get(reverse("meetings:rsvp", kwargs={"pk": meeting.pk})).content.decode()
    )
    url = reverse("meetings:rsvp", kwargs={"pk": hybrid.pk})
    response = client.post(url, {"answer": "zusage", "people": "1"})
    assert response.status_code == 200 and "vor Ort oder online" in response.content.decode()
    assert (
        client.post(url, {"answer": "zusage", "people": "1", "mode": "vor_ort"}).status_code == 302
    )
    assert Rsvp.objects.get(meeting=hybrid).mode == "vor_ort"


def test_non_responders_and_reminder(client, meeting, staff_user, invited, sent):
    services.rsvp_submit(meeting=meeting, user=invited[0], answer="zusage", people=2)
    missing = selectors.non_responders(meeting)
    assert [partner.name for partner, _people in missing] == ["Stadtwerke Magdeburg"]
    client.force_login(staff_user)
    page = client.get(reverse("meetings:rsvps", kwargs={"pk": meeting.pk})).content.decode()
    assert "Stadtwerke Magdeburg" in page and "Erinnerung" in page
    mail.outbox.clear()
    with sent():
        response = client.post(reverse("meetings:rsvp_remind", kwargs={"pk": meeting.pk}))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[invited[1].email]]
    assert "Hier antworten" in mail.outbox[0].alternatives[0][0]
    assert AuditEntry.objects.filter(object_id=str(meeting.pk), action="rsvp_reminder").count() == 1
    # Once per click: a second click sends a second reminder, recorded again.
    with sent():
        client.post(reverse("meetings:rsvp_remind", kwargs={"pk": meeting.pk}))
    assert len(mail.outbox) == 2


def test_no_reminder_when_everyone_answered(meeting, staff_user, invited):
    for user in invited:
        services.rsvp_submit(meeting=meeting, user=user, answer="absage")
    with pytest.raises(ValidationError):
        services.rsvp_remind(meeting=meeting, actor=staff_user)


def test_attendance_by_person_counts_the_organisation(held_with_attendance, staff_user, invited):
    held = held_with_attendance
    services.attendance_record(meeting=held, partners=[], people=[invited[1]], actor=staff_user)
    attendance = Attendance.objects.get(meeting=held)
    assert attendance.partner == invited[1].partner_contact.partner
    assert list(attendance.people.all()) == [invited[1]]


def test_attendance_refuses_people_without_partner(held_with_attendance, staff_user, user):
    with pytest.raises(ValidationError):
        services.attendance_record(
            meeting=held_with_attendance, partners=[], people=[user], actor=staff_user
        )


# Per-meeting calendar file and list filter --------------------------------------------------


def test_meeting_ics_public_and_internal(client, invited):
    hybrid = MeetingFactory(format="hybrid", online_link="https://meet.example.org/geheim")
    url = reverse("meetings:meeting_ics", kwargs={"pk": hybrid.pk})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert "geheim" not in response.content.decode()
    assert str(event["uid"]).startswith(f"meeting-{hybrid.pk}@")
    client.force_login(invited[0])
    response = client.get(url)
    assert "meet.example.org/geheim" in response.content.decode().replace("\r\n ", "")
    assert "no-store" in response["Cache-Control"]


def test_meeting_ics_of_a_draft_is_hidden(client, invited, staff_user):
    draft = MeetingFactory(state=Meeting.State.DRAFT)
    url = reverse("meetings:meeting_ics", kwargs={"pk": draft.pk})
    assert client.get(url).status_code == 404
    client.force_login(invited[0])
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_meeting_list_filters_by_body_and_year(client, plenary, working_group):
    MeetingFactory(title="Plenum jetzt")
    MeetingFactory(body=working_group, title="Energie jetzt")
    year = timezone.localdate().year
    page = client.get(reverse("meetings:list"), {"body": working_group.slug}).content.decode()
    assert "Energie jetzt" in page and "Plenum jetzt" not in page
    page = client.get(reverse("meetings:list"), {"year": year - 3}).content.decode()
    assert "Energie jetzt" not in page


@pytest.mark.parametrize(
    "query",
    [
        {"body": "gibt-es-nicht"},
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"year": "-1"},
        {"body": "\x00"},
        {"page": "x", "year": "2026"},
    ],
)
def test_meeting_list_bad_parameters_never_500(db, client, query):
    assert client.get(reverse("meetings:list"), query).status_code == 200


def test_meeting_list_query_count(client, django_assert_max_num_queries, working_group):
    for _n in range(5):
        MeetingFactory(body=working_group)
    with django_assert_max_num_queries(8):
        client.get(reverse("meetings:list"), {"body": working_group.slug, "year": "2026"})
