"""Decision follow-up (#16.5) in a real browser: staff record a task owned by a partner on an
adopted decision, the partner's contact finds it under "Meine offenen Aufgaben" and marks it
done, the public register then shows the decision as "umgesetzt". Every page axe-clean."""

import datetime
import re

import pytest
from django.utils import timezone

from decisions import services as ds
from partners.models import Body
from tests.browser.harness import assert_page_ok
from tests.browser.test_decisions_journey import contact_of
from tests.browser.test_partner_journey import log_in
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.browser


def test_staff_task_partner_done_register_implemented(page, browser, live_server):
    staff = StaffUserFactory()
    partner_user = contact_of("Elbe Wärme GmbH", "waerme@example.org")
    proposal = ds.proposal_create(
        actor=staff,
        title="Wärmenetz Altstadt prüfen",
        text="Die Allianz lässt die **Machbarkeit** eines Wärmenetzes prüfen.",
        body=Body.objects.get(slug="allianzversammlung"),
        deadline=timezone.now() + datetime.timedelta(hours=1),
    )
    proposal = ds.proposal_open(proposal=proposal, actor=staff)
    decision = ds.proposal_close(proposal=proposal, now=proposal.deadline)
    assert decision.state == "angenommen"

    # Staff record the task on the decision's staff page.
    log_in(page, staff.email)
    page.goto(f"/stabsstelle/beschluesse/{decision.pk}/")
    assert_page_ok(page)
    page.fill("#id_action-title", "Machbarkeitsstudie beauftragen")
    page.get_by_label("Partnerorganisation", exact=True).check()
    page.select_option("#id_action-responsible_partner", label="Elbe Wärme GmbH")
    due = timezone.localdate() + datetime.timedelta(days=30)
    page.fill("#id_action-due_on", due.isoformat())
    page.get_by_role("button", name="Aufgabe anlegen").click()
    page.wait_for_url(re.compile(r".*/stabsstelle/beschluesse/\d+/#aufgaben$"))
    assert "Machbarkeitsstudie beauftragen" in page.locator("main").inner_text()
    assert_page_ok(page)

    # The partner's contact finds it under "Meine offenen Aufgaben" and marks it done.
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    partner_page = context.new_page()
    log_in(partner_page, partner_user.email)
    partner_page.goto("/mein-bereich/")
    section = partner_page.locator("section", has=partner_page.locator("#meetings-items-heading"))
    assert "Meine offenen Aufgaben" in section.inner_text()
    assert "Machbarkeitsstudie beauftragen" in section.inner_text()
    assert_page_ok(partner_page)
    partner_page.get_by_role(
        "button", name="„Machbarkeitsstudie beauftragen“ als erledigt markieren"
    ).click()
    partner_page.wait_for_load_state()
    assert (
        "Machbarkeitsstudie beauftragen"
        not in partner_page.locator(
            "section", has=partner_page.locator("#meetings-items-heading")
        ).inner_text()
    )
    context.close()

    # The public register shows the decision as implemented.
    public = browser.new_context(base_url=live_server.url, locale="de-DE")
    public_page = public.new_page()
    public_page.goto("/beschluesse/")
    card = public_page.locator("article", has_text="Wärmenetz Altstadt prüfen")
    assert "umgesetzt" in card.inner_text()
    assert "Machbarkeitsstudie beauftragen" in card.inner_text()
    assert_page_ok(public_page)
    public_page.goto(f"/beschluesse/{decision.pk}/")
    assert "umgesetzt" in public_page.locator("#follow-up-heading + p").inner_text()
    assert_page_ok(public_page)
    public.close()
