"""Issue 6 in a real browser: staff open a written procedure, two partners consent, one
objects with a reason, the deadline passes, the beat task closes it as not adopted and the
register shows it with its number; a second one without objection is adopted."""

import datetime
import re

import pytest
from django.utils import timezone

from decisions.models import Proposal
from decisions.tasks import close_written_procedures
from partners.services import contact_add
from tests.browser.harness import assert_page_ok
from tests.browser.test_partner_journey import log_in
from tests.factories import PartnerFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.browser


def contact_of(name, email):
    user = UserFactory(name=f"Kontakt {name}", email=email)
    contact_add(partner=PartnerFactory(name=name), user=user)
    return user


def state_position(browser, live_server, user, proposal, value, reason="", check=False):
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    log_in(page, user.email)
    page.goto(proposal.get_absolute_url())
    assert "gilt als zustimmend" in page.locator("main").inner_text()
    page.get_by_role("link", name="Position Ihrer Organisation abgeben").click()
    page.wait_for_url(re.compile(r".*/position/$"))
    if check:
        assert_page_ok(page)
    page.get_by_label(value, exact=True).check()
    if value == "Einwand" and check:
        # Without a reason: refused, input kept.
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert "Bitte begründen Sie Ihren Einwand." in page.locator("main").inner_text()
        assert page.get_by_label("Einwand", exact=True).is_checked()
        assert_page_ok(page)
    if reason:
        page.fill("#id_reason", reason)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/beschluesse/\d+/$"))
    assert "gespeichert" in page.locator("main").inner_text()
    context.close()


def pass_deadline(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )


def test_written_procedure_objection_then_adoption(page, browser, live_server):
    staff = StaffUserFactory()
    alpha = contact_of("Alpha Solar GmbH", "alpha@example.org")
    beta = contact_of("Beta Wärme e.V.", "beta@example.org")
    gamma = contact_of("Gamma Verkehr AG", "gamma@example.org")
    deadline = timezone.localtime() + datetime.timedelta(days=7)

    # Staff create and open the written procedure.
    log_in(page, staff.email)
    page.goto("/stabsstelle/beschluesse/neu/")
    assert_page_ok(page)
    page.fill("#id_title", "Gemeinsames Ziel Dachsolar")
    page.fill("#id_text", "Die Partner prüfen **alle** eigenen Dächer auf Photovoltaik.")
    page.select_option("#id_body", label="Allianzversammlung")
    page.get_by_label("Umlaufverfahren", exact=True).check()
    page.fill("#id_deadline", deadline.strftime("%Y-%m-%dT%H:%M"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/stabsstelle/beschluesse/\d+/$"))
    assert_page_ok(page)
    page.get_by_role("button", name="Für Positionen öffnen").click()
    page.wait_for_load_state()
    proposal = Proposal.objects.get(title="Gemeinsames Ziel Dachsolar")
    assert proposal.state == "offen"

    # Two partners consent, one objects with a reason.
    state_position(browser, live_server, alpha, proposal, "Zustimmung", check=True)
    state_position(browser, live_server, beta, proposal, "Zustimmung")
    state_position(
        browser,
        live_server,
        gamma,
        proposal,
        "Einwand",
        "Statik vieler Dächer ungeklärt.",
        check=True,
    )

    # The proposal page (staff) shows the positions while open.
    page.goto(proposal.get_absolute_url())
    text = page.locator("main").inner_text()
    assert "Gamma Verkehr AG" in text and "Statik vieler Dächer ungeklärt." in text
    assert_page_ok(page)

    # The deadline passes; the beat task closes it.
    pass_deadline(proposal)
    assert close_written_procedures() == 1
    proposal.refresh_from_db()
    assert proposal.state == "nicht_angenommen"
    year = timezone.localtime(proposal.decided_at).year
    assert proposal.number == f"KA-{year}-01"

    # The register shows it with its number (as a citizen).
    citizen = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    citizen.goto("/beschluesse/")
    text = citizen.locator("main").inner_text()
    assert proposal.number in text and "nicht angenommen" in text
    assert "Gamma Verkehr AG" not in text
    assert_page_ok(citizen)
    citizen.get_by_role("link", name=re.compile(proposal.number)).click()
    citizen.wait_for_url(re.compile(r".*/beschluesse/\d+/$"))
    text = citizen.locator("main").inner_text()
    assert "2 Zustimmung, 0 Enthaltung, 1 Einwand" in text
    assert "Gamma Verkehr AG" not in text  # who stated what: partners and staff only
    assert_page_ok(citizen)

    # A second one, with a correction reference: one consent, silence of the others.
    page.goto(f"/stabsstelle/beschluesse/neu/?korrektur={proposal.pk}")
    page.fill("#id_title", "Dachsolar, überarbeitet")
    page.get_by_label("Umlaufverfahren", exact=True).check()
    page.fill("#id_deadline", deadline.strftime("%Y-%m-%dT%H:%M"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/stabsstelle/beschluesse/\d+/$"))
    page.get_by_role("button", name="Für Positionen öffnen").click()
    page.wait_for_load_state()
    second = Proposal.objects.get(title="Dachsolar, überarbeitet")
    assert second.corrects == proposal
    state_position(browser, live_server, gamma, second, "Zustimmung")
    pass_deadline(second)
    assert close_written_procedures() == 1
    second.refresh_from_db()
    assert second.state == "angenommen" and second.number == f"KA-{year}-02"
    assert (second.consent_count, second.silent_count, second.objection_count) == (3, 2, 0)

    # A new visitor (the first one's browser may keep the public page for a short while).
    citizen = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    citizen.goto("/beschluesse/")
    text = citizen.locator("main").inner_text()
    assert second.number in text and "angenommen" in text
    citizen.goto(proposal.get_absolute_url())
    assert second.number in citizen.locator("main").inner_text()  # corrected by
    assert_page_ok(citizen)
