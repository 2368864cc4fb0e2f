"""#16 in a real browser: a partner answers a hybrid meeting online, staff move the published
meeting by a day and the people who answered get the change notice with the updated calendar
entry (through the outbox); the new staff pages (replies with the non-responders, circle
participants, working-group members) and the filtered list are axe clean and valid HTML, also
at 375 px and after a failed submit."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from core.mail import OutboxMail
from meetings import services
from meetings.models import Meeting, Rsvp
from partners.services import contact_add
from tests.browser.harness import assert_accessible, assert_page_ok, assert_valid_html
from tests.browser.test_partner_journey import log_in
from tests.factories import (
    CircleFactory,
    MeetingFactory,
    PartnerFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def contact(name, email, partner_name):
    user = UserFactory(name=name, email=email)
    contact_add(partner=PartnerFactory(name=partner_name), user=user)
    return user


def test_move_a_published_hybrid_meeting_and_notify(page, browser, live_server):
    staff = StaffUserFactory()
    jana = contact("Jana Weber", "jana@elbstrom.example", "Elbstrom Energie GmbH")
    kai = contact("Kai Brandt", "kai@stadtwerke.example", "Stadtwerke Magdeburg")
    silent = contact("Sina Still", "sina@still.example", "Stille Post e.V.")
    start = (timezone.localtime() + datetime.timedelta(days=21)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    meeting = MeetingFactory(
        title="Allianzversammlung Hybrid",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        format=Meeting.Format.HYBRID,
        online_link="https://konferenz.example/allianz",
        description="Mit **Klimakreisen** und [Bericht](https://example.org/bericht).",
    )
    CircleFactory(meeting=meeting, title="Wärme", capacity=6)
    services.rsvp_submit(
        meeting=meeting, user=kai, answer=Rsvp.Answer.YES, people=1, mode=Rsvp.Mode.IN_PERSON
    )

    # The partner answers online; without a mode the form says what is missing.
    partner_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    partner_page = partner_context.new_page()
    log_in(partner_page, jana.email)
    partner_page.goto(f"/mein-bereich/termine/{meeting.pk}/rueckmeldung/")
    assert_page_ok(partner_page)
    partner_page.get_by_label("Zusage: Wir nehmen teil").check()
    partner_page.locator("main form button[type=submit]").click()
    partner_page.wait_for_load_state()
    assert "vor Ort oder online" in partner_page.locator(".error-summary").inner_text()
    assert_page_ok(partner_page)
    partner_page.get_by_label("online", exact=True).check()
    partner_page.locator("main form button[type=submit]").click()
    partner_page.wait_for_url(f"**/termine/{meeting.pk}/")
    assert "Online." in partner_page.locator("main").inner_text()
    partner_page.set_viewport_size({"width": 375, "height": 800})
    assert_page_ok(partner_page)
    partner_context.close()
    assert Rsvp.objects.get(user=jana).mode == Rsvp.Mode.ONLINE

    # Staff move the meeting by a day; everyone invited is told, with the updated entry.
    mail.outbox.clear()
    log_in(page, staff.email)
    page.goto(f"/stabsstelle/termine/{meeting.pk}/bearbeiten/")
    assert_page_ok(page)
    new_start = start + datetime.timedelta(days=1)
    page.fill("#id_starts_at", new_start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", (new_start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*/stabsstelle/termine/{meeting.pk}/$"))
    meeting.refresh_from_db()
    assert meeting.starts_at == new_start and meeting.sequence == 1
    notices = OutboxMail.objects.filter(kind="meeting.changed")
    assert {n.to for n in notices} == {jana.email, kai.email, silent.email}
    for person in (jana, kai):
        message = next(m for m in mail.outbox if person.email in m.to)
        (name, content, mimetype) = message.attachments[0]
        assert name == "termin.ics" and mimetype.startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(content)
        event = calendar.walk("VEVENT")[0]
        assert str(calendar["method"]) == "REQUEST"
        assert str(event["uid"]).startswith(f"meeting-{meeting.pk}@")
        assert int(event["sequence"]) == 1
        assert event.decoded("dtstart") == new_start
        assert "**" not in str(event["description"])

    # The replies page lists who has not answered and reminds them.
    page.goto(f"/stabsstelle/termine/{meeting.pk}/rueckmeldungen/")
    assert_page_ok(page)
    assert "Stille Post e.V." in page.locator("#missing-heading + ul").inner_text()
    page.get_by_role("button", name="Erinnerung an sie senden").click()
    page.wait_for_load_state()
    assert OutboxMail.objects.filter(kind="meeting.rsvp_reminder", to=silent.email).count() == 1

    # Staff add a circle participant.
    circle = meeting.circles.get()
    page.goto(f"/stabsstelle/termine/{meeting.pk}/klimakreise/{circle.pk}/")
    assert_page_ok(page)
    page.select_option("#id_participant-user", label="Sina Still (Stille Post e.V.)")
    page.get_by_role("button", name="Person hinzufügen").click()
    page.wait_for_load_state()
    assert "Sina Still" in page.locator("main table").inner_text()
    assert_page_ok(page)

    # Working groups and the filtered public list.
    page.goto("/stabsstelle/arbeitsgruppen/")
    assert_page_ok(page)
    page.get_by_role("button", name="Mitglied hinzufügen").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    # The failed form answers the POST URL (GET there is 405): check the page as rendered.
    assert_accessible(page)
    assert_valid_html(page.content(), where="failed member form")
    page.goto(f"/termine/?body=allianzversammlung&year={new_start.year}")
    assert "Allianzversammlung Hybrid" in page.locator("main").inner_text()
    page.set_viewport_size({"width": 375, "height": 800})
    assert_page_ok(page)
