"""Issue 5 in a real browser: staff prepare and publish a Klimakreise meeting, a partner
contact is invited, replies and registers for a circle, staff record attendance and results,
the public page shows the summary and the results."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from meetings.models import CircleRegistration, Meeting, Rsvp
from partners.services import contact_add
from tests.browser.harness import assert_page_ok
from tests.browser.test_partner_journey import log_in
from tests.factories import PartnerFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.browser


def test_klimakreise_meeting_from_draft_to_public_results(page, browser, live_server):
    staff = StaffUserFactory()
    partner = PartnerFactory(name="Elbstrom Energie GmbH")
    contact = UserFactory(name="Jana Weber", email="jana@elbstrom.example")
    contact_add(partner=partner, user=contact)
    start = (timezone.localtime() + datetime.timedelta(days=21)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )

    # Staff create the meeting.
    log_in(page, staff.email)
    page.goto("/stabsstelle/termine/neu/")
    assert_page_ok(page)
    page.select_option("#id_body", label="Allianzversammlung")
    page.fill("#id_title", "Klimakreise Frühjahr")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_format", "praesenz")
    page.fill("#id_place", "Gesellschaftshaus Magdeburg")
    page.fill("#id_core_topics", "Stadtgrün\nMobilität")
    page.fill("#id_description", "Fünf Klimakreise mit Impulsen aus der Praxis.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/stabsstelle/termine/\d+/$"))
    meeting = Meeting.objects.get(title="Klimakreise Frühjahr")
    assert meeting.state == Meeting.State.DRAFT

    # Agenda and two circles.
    for title in ("Begrüßung", "Arbeit in den Klimakreisen"):
        page.fill("#id_agenda-title", title)
        page.get_by_role("button", name="Tagesordnungspunkt hinzufügen").click()
        page.wait_for_load_state()
    for title, expert in (("Stadtgrün", "Dr. Grün"), ("Mobilität", "Frau Rad")):
        page.fill("#id_circle-title", title)
        page.fill("#id_circle-moderator", "Stabsstelle")
        page.fill("#id_circle-expert_name", expert)
        page.fill("#id_circle-capacity", "6")
        page.get_by_role("button", name="Klimakreis hinzufügen").click()
        page.wait_for_load_state()
    assert_page_ok(page)
    assert meeting.agenda_items.count() == 2 and meeting.circles.count() == 2

    # Publish: the partner contact gets the invitation with the calendar file.
    page.get_by_role("button", name="Veröffentlichen und Einladungen versenden").click()
    page.wait_for_load_state()
    assert "Die Sitzung ist veröffentlicht" in page.locator("main").inner_text()
    invitation = next(m for m in mail.outbox if contact.email in m.to)
    assert "Klimakreise Frühjahr" in invitation.subject
    assert invitation.attachments[0][0] == "einladung.ics"
    link = re.search(r"(/termine/\d+/)", invitation.body).group(1)

    # The partner contact replies and registers for a circle.
    partner_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    partner_page = partner_context.new_page()
    log_in(partner_page, contact.email)
    partner_page.goto(link)
    assert_page_ok(partner_page)
    partner_page.get_by_role("link", name="Auf die Einladung antworten").click()
    partner_page.wait_for_url("**/rueckmeldung/")
    assert_page_ok(partner_page)
    partner_page.get_by_label("Zusage: Wir nehmen teil").check()
    partner_page.fill("#id_people", "2")
    partner_page.locator("main form button[type=submit]").click()
    partner_page.wait_for_url(f"**{link}")
    assert "Ihre Rückmeldung ist gespeichert" in partner_page.locator("main").inner_text()
    partner_page.get_by_role("button", name="Für Mobilität anmelden").click()
    partner_page.wait_for_load_state()
    assert "Sie sind für „Mobilität“ angemeldet" in partner_page.locator("main").inner_text()
    assert_page_ok(partner_page)
    partner_context.close()
    assert Rsvp.objects.get(user=contact).people == 2
    assert CircleRegistration.objects.get(user=contact).circle.title == "Mobilität"

    # The meeting takes place (time passes).
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(minutes=5),
        rsvp_deadline=None,
    )

    # Staff record attendance, results, summary and mark it held.
    page.goto(f"/stabsstelle/termine/{meeting.pk}/")
    page.get_by_label("Elbstrom Energie GmbH", exact=True).check()
    page.get_by_role("button", name="Anwesenheit speichern").click()
    page.wait_for_load_state()
    assert list(meeting.attendances.values_list("partner__name", flat=True)) == [partner.name]
    page.get_by_role("button", name="Als stattgefunden markieren").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Mobilität").click()
    page.wait_for_url("**/klimakreise/*/")
    assert_page_ok(page)
    page.fill("#id_circle-results_discussion", "Mehr **Radabstellanlagen** an Betrieben.")
    page.fill("#id_circle-results_next_steps", "Bedarfsumfrage bis zum Sommer.")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf".*/stabsstelle/termine/{meeting.pk}/#klimakreise$"))
    page.goto(f"/stabsstelle/termine/{meeting.pk}/bearbeiten/")
    assert_page_ok(page)
    page.fill("#id_summary", "Die Partner vereinbarten **fünf nächste Schritte**.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/stabsstelle/termine/{meeting.pk}/")
    assert_page_ok(page)

    # The public sees summary and results.
    public_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    public = public_context.new_page()
    public.goto(f"/termine/{meeting.pk}/")
    text = public.locator("main").inner_text()
    assert "Die Partner vereinbarten fünf nächste Schritte." in text
    assert "Stattgefunden" in text
    assert "Gesellschaftshaus Magdeburg" in text
    assert_page_ok(public)
    public.get_by_role("link", name="Ergebnisse aller Klimakreise nebeneinander").click()
    public.wait_for_url("**/ergebnisse/")
    text = public.locator("main").inner_text()
    assert "Mehr Radabstellanlagen an Betrieben." in text and "Bedarfsumfrage" in text
    assert_page_ok(public)
    for url in ("/termine/", "/arbeitsgruppen/", "/arbeitsgruppen/allianzversammlung/"):
        public.goto(url)
        assert_page_ok(public)
    assert "Klimakreise Frühjahr" in public.locator("main").inner_text()
    public_context.close()
