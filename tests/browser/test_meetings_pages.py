"""The other meetings pages in a real browser: axe-core and the HTML checker stay clean."""

import datetime

import pytest
from django.utils import timezone

from meetings import services
from partners.models import Body
from partners.services import contact_add
from tests.browser.harness import assert_page_ok
from tests.browser.test_partner_journey import log_in
from tests.factories import (
    ActionItemFactory,
    CircleFactory,
    MeetingFactory,
    MembershipFactory,
    PartnerFactory,
    SectorFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def test_staff_and_partner_pages_are_accessible(page, browser, live_server):
    staff = StaffUserFactory()
    working_group = Body.objects.get(slug="verkehr")
    sector = SectorFactory(name="Verkehr und Logistik")
    sector.working_groups.set([working_group, Body.objects.get(slug="kommunikation-buerger")])
    partner = PartnerFactory(name="Börde Logistik AG", sector=sector)
    contact = UserFactory(name="Andreas Neumann")
    contact_add(partner=partner, user=contact)
    MembershipFactory(partner=partner, representative=contact, body=working_group)
    MembershipFactory(
        partner=partner,
        representative=contact,
        body=Body.objects.get(slug="gebaeude-stadtplanung"),
        status="vorgeschlagen",
    )
    meeting = MeetingFactory(body=working_group, title="Sitzung Verkehr")
    CircleFactory(meeting=meeting, title="Radverkehr")
    services.rsvp_submit(meeting=meeting, user=contact, answer="zusage", people=2)
    ActionItemFactory(
        meeting=meeting,
        title="Radabstellanlagen zählen",
        responsible_partner=partner,
        responsible_person=contact,
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )

    log_in(page, staff.email)
    for url in (
        "/stabsstelle/termine/",
        f"/stabsstelle/termine/{meeting.pk}/rueckmeldungen/",
        "/stabsstelle/aufgaben/?overdue=on",
        "/stabsstelle/arbeitsgruppen/",
        "/stabsstelle/arbeitsgruppen/verkehr/bearbeiten/",
        f"/termine/{meeting.pk}/",
    ):
        page.goto(url)
        assert_page_ok(page)
    page.goto("/stabsstelle/aufgaben/")
    page.get_by_role("button", name="„Radabstellanlagen zählen“ als erledigt markieren").click()
    page.wait_for_load_state()
    assert "Die Aufgabe ist als erledigt markiert." in page.locator("main").inner_text()

    partner_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    partner_page = partner_context.new_page()
    log_in(partner_page, contact.email)
    partner_page.goto("/mein-bereich/arbeitsgruppen/")
    assert_page_ok(partner_page)
    assert "Kommunikation / Bürger" in partner_page.locator("main").inner_text()
    partner_page.goto(f"/termine/{meeting.pk}/")
    assert_page_ok(partner_page)
    partner_page.get_by_role("button", name="Für Radverkehr anmelden").click()
    partner_page.wait_for_load_state()
    assert_page_ok(partner_page)
    partner_context.close()
