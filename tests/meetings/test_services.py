"""Services of the meetings app: validation, invitations, RSVP, circles, reminders."""

import datetime
import io
import zipfile

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from meetings import selectors, services
from meetings.models import ActionItem, CircleRegistration, Meeting, Rsvp
from partners import selectors as body_selectors
from partners.models import Membership
from tests.factories import (
    ActionItemFactory,
    CircleFactory,
    MeetingFactory,
    MembershipFactory,
    PartnerFactory,
    SectorFactory,
)
from tests.meetings.conftest import make_contact

BERLIN = timezone.get_default_timezone()


def meeting_fields(body, **overrides):
    start = datetime.datetime(2030, 3, 12, 18, 0, tzinfo=BERLIN)
    fields = {
        "body": body,
        "title": "Allianzversammlung Frühjahr",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "format": Meeting.Format.HYBRID,
        "place": "Altes Rathaus",
        "online_link": "https://konferenz.example/raum",
        "core_topics": "Wärmeplanung\nRadverkehr",
        "description": "Öffentliche Beschreibung",
        "rsvp_deadline": start - datetime.timedelta(days=3),
        "minutes": "",
        "summary": "",
    }
    fields.update(overrides)
    return fields


# Meetings ---------------------------------------------------------------------------------


def test_end_before_start_is_refused_in_german(staff_user, plenary):
    fields = meeting_fields(plenary)
    fields["ends_at"] = fields["starts_at"] - datetime.timedelta(minutes=30)
    with pytest.raises(ValidationError) as info:
        services.meeting_create(actor=staff_user, **fields)
    assert "Das Ende muss nach dem Beginn liegen." in info.value.message_dict["ends_at"]


def test_online_meeting_needs_link_and_rsvp_deadline_before_start(staff_user, plenary):
    fields = meeting_fields(plenary, online_link="")
    fields["rsvp_deadline"] = fields["starts_at"] + datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as info:
        services.meeting_create(actor=staff_user, **fields)
    assert set(info.value.message_dict) == {"online_link", "rsvp_deadline"}


def test_only_staff_create_meetings(contact_user, plenary):
    with pytest.raises(PermissionDenied):
        services.meeting_create(actor=contact_user, **meeting_fields(plenary))


def test_publish_plenary_invites_all_active_partners_with_ics(
    staff_user, plenary, contact_user, inactive_contact, django_capture_on_commit_callbacks
):
    meeting = services.meeting_create(actor=staff_user, **meeting_fields(plenary))
    services.agenda_item_add(meeting=meeting, actor=staff_user, title="Begrüßung")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting, actor=staff_user)
    recipients = {address for message in mail.outbox for address in message.to}
    assert contact_user.email in recipients
    assert inactive_contact.email not in recipients
    message = next(m for m in mail.outbox if contact_user.email in m.to)
    assert "Allianzversammlung Frühjahr" in message.subject
    assert "Begrüßung" in message.body
    assert "https://konferenz.example/raum" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "einladung.ics" and mimetype.startswith("text/calendar")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(hours=1)  # CET in March
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PUBLISHED


def test_publish_working_group_invites_only_representatives(
    staff_user, working_group, member, outsider, django_capture_on_commit_callbacks
):
    meeting = services.meeting_create(actor=staff_user, **meeting_fields(working_group))
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting, actor=staff_user)
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {member.email}


def test_publish_twice_is_refused(staff_user, meeting):
    with pytest.raises(ValidationError):
        services.meeting_publish(meeting=meeting, actor=staff_user)


def test_updating_a_published_meeting_bumps_sequence(staff_user, meeting):
    services.meeting_update(
        meeting=meeting,
        actor=staff_user,
        starts_at=meeting.starts_at + datetime.timedelta(hours=1),
        ends_at=meeting.ends_at + datetime.timedelta(hours=1),
    )
    assert meeting.sequence == 1
    services.meeting_update(meeting=meeting, actor=staff_user, summary="Nur Zusammenfassung")
    assert meeting.sequence == 1
    services.meeting_set_state(meeting=meeting, actor=staff_user, state=Meeting.State.CANCELLED)
    meeting.refresh_from_db()
    assert meeting.sequence == 2 and meeting.state == Meeting.State.CANCELLED


def test_held_only_after_start(staff_user, meeting):
    with pytest.raises(ValidationError):
        services.meeting_set_state(meeting=meeting, actor=staff_user, state=Meeting.State.HELD)


def test_agenda_items_are_ordered_and_move(staff_user, meeting):
    first = services.agenda_item_add(meeting=meeting, actor=staff_user, title="Eins")
    second = services.agenda_item_add(meeting=meeting, actor=staff_user, title="Zwei")
    services.agenda_item_move(item=second, actor=staff_user, up=True)
    assert [i.title for i in meeting.agenda_items.all()] == ["Zwei", "Eins"]
    assert first.pk


# RSVP and attendance ----------------------------------------------------------------------


def test_rsvp_and_change_answer(meeting, contact_user):
    services.rsvp_submit(meeting=meeting, user=contact_user, answer="zusage", people=3)
    rsvp = services.rsvp_submit(meeting=meeting, user=contact_user, answer="absage", people=3)
    assert Rsvp.objects.get() == rsvp
    assert rsvp.people == 0


def test_rsvp_after_deadline_is_refused(meeting, contact_user):
    meeting.rsvp_deadline = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save()
    with pytest.raises(ValidationError) as info:
        services.rsvp_submit(meeting=meeting, user=contact_user, answer="zusage", people=1)
    assert "Rückmeldefrist" in info.value.messages[0]


def test_rsvp_from_non_member_is_refused(wg_meeting, outsider, inactive_contact, staff_user):
    for user in (outsider, inactive_contact, staff_user):
        with pytest.raises(PermissionDenied):
            services.rsvp_submit(meeting=wg_meeting, user=user, answer="zusage", people=1)


def test_attendance_is_set_and_replaced(staff_user, meeting, partner):
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=1)
    meeting.save()
    other = PartnerFactory()
    services.attendance_record(meeting=meeting, partners=[partner, other], actor=staff_user)
    services.attendance_record(meeting=meeting, partners=[other], actor=staff_user)
    assert list(meeting.attendances.values_list("partner", flat=True)) == [other.pk]


def test_attendance_not_before_start(staff_user, meeting, partner):
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=meeting, partners=[partner], actor=staff_user)


# Theme circles ----------------------------------------------------------------------------


def test_full_circle_puts_people_on_waiting_list_and_they_move_up(
    meeting, django_capture_on_commit_callbacks
):
    circle = CircleFactory(meeting=meeting, capacity=6)
    people = [make_contact(PartnerFactory()) for _ in range(8)]
    registrations = [services.circle_register(circle=circle, user=u) for u in people]
    statuses = [r.status for r in registrations]
    assert statuses == ["angemeldet"] * 6 + ["warteliste"] * 2
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.circle_leave(registration=registrations[0], actor=people[0])
    assert [r.user for r in moved] == [people[6]]
    assert mail.outbox[-1].to == [people[6].email]
    assert CircleRegistration.objects.get(user=people[7]).status == "warteliste"


def test_second_circle_of_same_meeting_is_refused(meeting, contact_user):
    first, second = CircleFactory(meeting=meeting), CircleFactory(meeting=meeting)
    services.circle_register(circle=first, user=contact_user)
    with pytest.raises(ValidationError) as info:
        services.circle_register(circle=second, user=contact_user)
    assert "bereits" in info.value.messages[0]
    other_meeting = MeetingFactory(body=meeting.body)
    services.circle_register(circle=CircleFactory(meeting=other_meeting), user=contact_user)


def test_circle_capacity_range(staff_user, meeting):
    for capacity in (5, 13):
        with pytest.raises(ValidationError) as info:
            services.circle_create(meeting=meeting, actor=staff_user, title="X", capacity=capacity)
        assert "capacity" in info.value.message_dict


def test_raising_capacity_moves_people_up(staff_user, meeting):
    circle = CircleFactory(meeting=meeting, capacity=6)
    people = [make_contact(PartnerFactory()) for _ in range(7)]
    for user in people:
        services.circle_register(circle=circle, user=user)
    services.circle_update(circle=circle, actor=staff_user, capacity=7)
    assert circle.registrations.filter(status="warteliste").count() == 0


# Memberships ------------------------------------------------------------------------------


def test_partner_proposes_staff_confirms(contact_user, partner, working_group, staff_user):
    membership = services.membership_propose(
        partner=partner,
        body=working_group,
        representative=contact_user,
        role="leitung",
        actor=contact_user,
    )
    assert membership.status == Membership.Status.PROPOSED
    assert working_group not in body_selectors.partner_bodies(partner)
    services.membership_decide(membership=membership, actor=staff_user, confirm=True)
    assert working_group in body_selectors.partner_bodies(partner)
    assert partner in body_selectors.partners_in_body(working_group)


def test_representative_from_another_partner_is_refused(contact_user, partner, working_group):
    stranger = make_contact(PartnerFactory())
    with pytest.raises(ValidationError) as info:
        services.membership_propose(
            partner=partner,
            body=working_group,
            representative=stranger,
            role="mitglied",
            actor=contact_user,
        )
    assert "Ansprechperson derselben Partnerorganisation" in " ".join(
        info.value.message_dict["representative"]
    )


def test_contact_of_another_partner_cannot_propose(partner, working_group, outsider):
    with pytest.raises(PermissionDenied):
        services.membership_propose(
            partner=partner,
            body=working_group,
            representative=outsider,
            role="mitglied",
            actor=outsider,
        )


def test_plenary_membership_is_not_stored(contact_user, partner, plenary, staff_user):
    with pytest.raises(ValidationError):
        services.membership_propose(
            partner=partner,
            body=plenary,
            representative=contact_user,
            role="mitglied",
            actor=staff_user,
        )


def test_duplicate_proposal_is_refused(contact_user, partner, working_group):
    kwargs = {
        "partner": partner,
        "body": working_group,
        "representative": contact_user,
        "role": "mitglied",
    }
    services.membership_propose(actor=contact_user, **kwargs)
    with pytest.raises(ValidationError):
        services.membership_propose(actor=contact_user, **kwargs)


def test_suggestions_follow_the_sector(partner, contact_user, working_group):
    sector = SectorFactory()
    sector.working_groups.set([working_group])
    partner.sector = sector
    partner.save()
    assert body_selectors.suggested_working_groups(partner) == [working_group]
    MembershipFactory(partner=partner, representative=contact_user, body=working_group)
    assert body_selectors.suggested_working_groups(partner) == []


def test_partner_bodies_plenary_only_when_active(partner, plenary):
    assert body_selectors.partner_bodies(partner) == [plenary]
    partner.status = "ausgetreten"
    assert body_selectors.partner_bodies(partner) == []


# Documents --------------------------------------------------------------------------------


def odp_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.presentation")
        archive.writestr("content.xml", "<x/>")
    return buffer.getvalue()


def pptx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("ppt/presentation.xml", "<x/>")
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "green").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("folien.pdf", b"%PDF-1.7\n%fake but starts right", "application/pdf"),
        ("folien.odp", odp_bytes(), "application/vnd.oasis.opendocument.presentation"),
        ("folien.pptx", pptx_bytes(), "presentationml"),
        ("foto.png", png_bytes(), "image/png"),
    ],
)
def test_allowed_documents(staff_user, meeting, name, content, expected):
    document = services.document_upload(
        meeting=meeting,
        actor=staff_user,
        title="Folien",
        file=SimpleUploadedFile(name, content),
        visibility="oeffentlich",
    )
    assert expected in document.content_type
    assert document.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00 not a pdf", "Dateityp ist nicht erlaubt"),
        ("archiv.pptx", b"PK\x03\x04" + b"0" * 50, "Dateityp ist nicht erlaubt"),
        ("gross.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024), "größer als 20 MB"),
    ],
)
def test_wrong_documents_are_refused(staff_user, meeting, name, content, message):
    with pytest.raises(ValidationError) as info:
        services.document_upload(
            meeting=meeting,
            actor=staff_user,
            title="X",
            file=SimpleUploadedFile(name, content),
            visibility="intern",
        )
    assert message in " ".join(info.value.message_dict["file"])


# Action items and the plenary rule --------------------------------------------------------


def test_responsible_person_must_belong_to_the_partner(staff_user, meeting, partner, outsider):
    with pytest.raises(ValidationError) as info:
        services.action_item_create(
            meeting=meeting,
            actor=staff_user,
            title="Konzept",
            responsible_partner=partner,
            responsible_person=outsider,
            due_on=timezone.localdate(),
        )
    assert "responsible_person" in info.value.message_dict


def test_partner_completes_own_item_only(meeting, partner, contact_user, outsider):
    item = ActionItemFactory(meeting=meeting, responsible_partner=partner)
    with pytest.raises(PermissionDenied):
        services.action_item_complete(item=item, actor=outsider)
    services.action_item_complete(item=item, actor=contact_user)
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE and item.closed_at


def test_reminders_due_in_seven_days_and_overdue(
    meeting, partner, contact_user, django_capture_on_commit_callbacks
):
    today = datetime.date(2030, 5, 10)
    soon = ActionItemFactory(
        meeting=meeting, responsible_partner=partner, due_on=today + datetime.timedelta(days=7)
    )
    late = ActionItemFactory(
        meeting=meeting, responsible_partner=partner, due_on=today - datetime.timedelta(days=1)
    )
    ActionItemFactory(
        meeting=meeting, responsible_partner=partner, due_on=today + datetime.timedelta(days=8)
    )
    ActionItemFactory(meeting=meeting, due_on=today - datetime.timedelta(days=3), status="erledigt")
    # Assigned long before: the due reminder applies.
    ActionItem.objects.update(created_at=timezone.now() - datetime.timedelta(days=400))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.action_item_send_reminders(today=today) == 2
    subjects = sorted(m.subject for m in mail.outbox)
    assert any(f"Fällig am 17.05.2030: {soon.title}" in s for s in subjects)
    assert any(f"Überfällig: {late.title}" in s for s in subjects)
    assert all(m.to == [contact_user.email] for m in mail.outbox)
    # Each reminder once: same day again nothing; the next day only the item now in reach.
    assert services.action_item_send_reminders(today=today) == 0
    assert services.action_item_send_reminders(today=today + datetime.timedelta(days=1)) == 1
    assert services.action_item_send_reminders(today=today + datetime.timedelta(days=7)) == 0
    # Once overdue, `soon` gets its one overdue reminder.
    assert services.action_item_send_reminders(today=today + datetime.timedelta(days=8)) == 1
    assert services.action_item_send_reminders(today=today + datetime.timedelta(days=30)) == 1
    assert services.action_item_send_reminders(today=today + datetime.timedelta(days=60)) == 0


def test_plenary_rule_counts_published_and_held_only(plenary, working_group):
    year = 2031
    start = datetime.datetime(year, 4, 1, 18, tzinfo=BERLIN)
    MeetingFactory(body=plenary, starts_at=start, state="veroeffentlicht")
    MeetingFactory(body=plenary, starts_at=start, state="entwurf")
    MeetingFactory(body=plenary, starts_at=start, state="abgesagt")
    MeetingFactory(body=working_group, starts_at=start)
    rule = selectors.plenary_rule(year)
    assert (rule.count, rule.is_met) == (1, False)
    MeetingFactory(body=plenary, starts_at=start.replace(month=10), state="stattgefunden")
    assert selectors.plenary_rule(year).is_met


def test_cancelling_a_published_meeting_tells_the_invited(
    staff_user, meeting, contact_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_set_state(meeting=meeting, actor=staff_user, state="abgesagt")
    message = mail.outbox[0]
    assert message.to == [contact_user.email]
    assert message.subject.endswith(f"Abgesagt: {meeting.title}")
    event = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert event["STATUS"] == "CANCELLED" and int(event["SEQUENCE"]) == 1


def test_cancelling_a_draft_sends_nothing(staff_user, plenary, contact_user):
    draft = MeetingFactory(body=plenary, state="entwurf")
    services.meeting_set_state(meeting=draft, actor=staff_user, state="abgesagt")
    assert mail.outbox == []


def test_capacity_cannot_drop_below_registrations(staff_user, meeting):
    circle = CircleFactory(meeting=meeting, capacity=8)
    for _ in range(7):
        services.circle_register(circle=circle, user=make_contact(PartnerFactory()))
    with pytest.raises(ValidationError) as info:
        services.circle_update(circle=circle, actor=staff_user, capacity=6)
    assert "7" in info.value.message_dict["capacity"][0]
    circle.refresh_from_db()
    assert circle.capacity == 8
