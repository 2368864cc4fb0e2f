"""Decision follow-up (#16.5): tasks of an adopted decision, the follow-up status derived from
them, the public register with its public tasks (constant queries), the report's selector."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from decisions import selectors
from decisions import services as ds
from decisions.models import DecisionTask
from meetings import action_items
from meetings.models import ActionItem
from tests.decisions.conftest import make_contact
from tests.factories import PartnerFactory, StaffUserFactory


@pytest.fixture
def staff(db):
    return StaffUserFactory()


@pytest.fixture(autouse=True)
def silent_partner(db):
    """An active partner that says nothing: silence in the written procedure is consent."""
    return PartnerFactory(name="Schweigsam e.V.")


def decide(staff, plenary, title="Radverkehr fördern", objection=None):
    proposal = ds.proposal_create(
        actor=staff,
        title=title,
        text="Text",
        body=plenary,
        deadline=timezone.now() + datetime.timedelta(hours=1),
    )
    proposal = ds.proposal_open(proposal=proposal, actor=staff)
    if objection is not None:
        partner, contact = objection
        ds.position_state(
            proposal=proposal, partner=partner, actor=contact, value="einwand", reason="Nein"
        )
    return ds.proposal_close(proposal=proposal, now=proposal.deadline)


def task(staff, proposal, **fields):
    defaults = {
        "title": "Konzept erstellen",
        "owner_kind": "stabsstelle",
        "due_on": timezone.localdate() + datetime.timedelta(days=30),
        "is_public": True,
    }
    return ds.decision_task_add(proposal=proposal, actor=staff, **{**defaults, **fields})


def test_an_adopted_decision_carries_tasks_and_their_owner_is_mailed(
    staff, plenary, django_capture_on_commit_callbacks
):
    partner = PartnerFactory(name="Elbstrom GmbH")
    contact = make_contact(partner)
    decision = decide(staff, plenary)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        item = task(staff, decision, owner_kind="partner", responsible_partner=partner)
    assert item.meeting is None and item.decision_link.proposal == decision
    assert [m.to for m in mail.outbox] == [[contact.email]]
    assert "Neue Aufgabe" in mail.outbox[0].subject
    with pytest.raises(PermissionDenied):
        ds.decision_task_add(proposal=decision, actor=contact, title="x", due_on=item.due_on)


def test_only_adopted_decisions_carry_tasks(staff, plenary):
    partner = PartnerFactory()
    rejected = decide(staff, plenary, objection=(partner, make_contact(partner)))
    assert rejected.state == "nicht_angenommen"
    with pytest.raises(ValidationError):
        task(staff, rejected)
    assert not ActionItem.objects.exists()


def test_follow_up_status_is_derived_from_the_tasks(staff, plenary):
    decision = decide(staff, plenary)
    status = lambda: selectors.follow_up_of(  # noqa: E731
        selectors.with_follow_up_counts(type(decision).objects.filter(pk=decision.pk)).get()
    )
    assert status().key == "offen"  # no task yet
    first = task(staff, decision)
    second = task(staff, decision, title="Förderantrag")
    assert status().key == "offen"
    action_items.action_item_update(item=first, actor=staff, status="in_arbeit")
    assert status().key == "in_umsetzung"
    action_items.action_item_complete(item=first, actor=staff)
    assert status().key == "in_umsetzung"
    # A discarded task does not count; all others done: implemented.
    action_items.action_item_update(item=second, actor=staff, status="verworfen")
    assert (status().key, str(status().label)) == ("umgesetzt", "umgesetzt")


def test_register_shows_follow_up_and_public_tasks_only(
    client, staff, plenary, django_assert_max_num_queries
):
    decision = decide(staff, plenary)
    task(staff, decision, title="Öffentliche Aufgabe")
    task(staff, decision, title="Interne Aufgabe", is_public=False)
    html = client.get("/beschluesse/").content.decode()
    assert "Öffentliche Aufgabe" in html and "Interne Aufgabe" not in html
    assert "status--offen" in html
    detail = client.get(f"/beschluesse/{decision.pk}/").content.decode()
    assert "Öffentliche Aufgabe" in detail and "Interne Aufgabe" not in detail
    client.force_login(staff)
    assert "Interne Aufgabe" in client.get(f"/beschluesse/{decision.pk}/").content.decode()
    client.logout()

    # Constant queries however many decisions and tasks.
    for i in range(6):
        more = decide(staff, plenary, title=f"Beschluss {i}")
        task(staff, more, title=f"Aufgabe {i}")
        task(staff, more, title=f"Zweite {i}")
    with django_assert_max_num_queries(12):
        response = client.get("/beschluesse/?page=1")
    assert response.status_code == 200


def test_register_bad_parameters_never_500(client, db):
    for query in ("year=abc", "body=%00", "page=-1", "q=" + "x" * 500, "year=99999999999"):
        assert client.get(f"/beschluesse/?{query}").status_code == 200


def test_the_annual_report_selector(staff, plenary):
    decision = decide(staff, plenary)
    task(staff, decision, title="Öffentlich", owner_kind="stabsstelle")
    task(staff, decision, title="Intern", is_public=False)
    partner = PartnerFactory()
    decide(staff, plenary, title="Abgelehnt", objection=(partner, make_contact(partner)))
    year = timezone.localtime(decision.decided_at).year
    entries = selectors.decisions_with_followup(year)
    by_title = {entry.title: entry for entry in entries}
    assert by_title["Radverkehr fördern"].follow_up.key == "offen"
    assert by_title["Radverkehr fördern"].followup_status_display == "offen"
    assert [i.title for i in by_title["Radverkehr fördern"].public_tasks] == ["Öffentlich"]
    assert by_title["Abgelehnt"].follow_up is None
    assert selectors.decisions_with_followup(year - 1) == []
    assert DecisionTask.objects.count() == 2


def test_staff_add_a_task_on_the_manage_page(client, staff, plenary):
    decision = decide(staff, plenary)
    partner = PartnerFactory(name="Stadtwerke")
    client.force_login(staff)
    url = f"/stabsstelle/beschluesse/{decision.pk}/aufgaben/"
    # Missing owner: errors on the form, input kept.
    response = client.post(
        url, {"action-title": "Wärmeplan", "action-owner_kind": "partner", "action-due_on": "x"}
    )
    assert response.status_code == 200 and "Wärmeplan" in response.content.decode()
    response = client.post(
        url,
        {
            "action-title": "Wärmeplan",
            "action-owner_kind": "partner",
            "action-responsible_partner": partner.pk,
            "action-due_on": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
            "action-is_public": "on",
        },
    )
    assert response.status_code == 302
    assert decision.tasks.get().action_item.responsible_partner == partner


def test_demo_follow_up_is_idempotent_and_shows_every_status(staff, plenary, silent_partner):
    from decisions.demo import DECISIONS, seed_follow_up

    for title, _text in DECISIONS[:3]:
        decide(staff, plenary, title=title)
    today = timezone.localdate()
    assert seed_follow_up(staff, [silent_partner], today) == 3
    assert seed_follow_up(staff, [silent_partner], today) == 0
    assert DecisionTask.objects.count() == 9
    year = timezone.localdate().year
    keys = {entry.follow_up.key for entry in selectors.decisions_with_followup(year)}
    assert keys == {"umgesetzt", "in_umsetzung", "offen"}
