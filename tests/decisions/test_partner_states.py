"""Partner states are gates on consensus decisions (#14): contacts of a registered, signed or
withdrawn partner see neither open proposals nor who stated which position (with reasons and
the names of the contacts), get no position form and cannot state a position -- in the view
and in the service. Contacts of active partners and staff still do."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from decisions import services as ds
from decisions.models import Position
from partners import services as partner_services
from tests.decisions.conftest import make_contact
from tests.factories import PartnerFactory, StaffUserFactory

REFUSED_STATES = ["registered", "signed", "withdrawn"]


def withdraw(partner, staff):
    partner_services.partner_withdraw(
        partner=partner, actor=staff, left_on=timezone.localdate(), reason="Austritt"
    )
    partner.refresh_from_db()


@pytest.fixture
def world(db, plenary):
    staff = StaffUserFactory()
    alpha = PartnerFactory(name="Alpha Energie e.V.")
    omega = PartnerFactory(name="Omega Ausgetreten GmbH")
    alpha_contact = make_contact(alpha)
    omega_contact = make_contact(omega)
    users = {
        "active": alpha_contact,
        "registered": make_contact(PartnerFactory(status="registriert")),
        "signed": make_contact(PartnerFactory(status="unterzeichnet")),
        "withdrawn": omega_contact,
    }
    alpha_contact.name = "Anna Alpha"
    alpha_contact.save(update_fields=["name"])

    def written(title, days=3):
        proposal = ds.proposal_create(
            actor=staff,
            title=title,
            text="Die Allianz beschließt.",
            body=plenary,
            deadline=timezone.now() + datetime.timedelta(days=days),
        )
        return ds.proposal_open(proposal=proposal, actor=staff)

    open_proposal = written("Gemeinsame Solaroffensive")
    decided = written("Leitbild Wärmewende", days=1)
    for proposal in (open_proposal, decided):
        ds.position_state(
            proposal=proposal,
            partner=alpha,
            actor=alpha_contact,
            value="einwand",
            reason="Vertraulicher Grund",
        )
    # Omega stated a position while it was active, then left the alliance.
    ds.position_state(
        proposal=open_proposal, partner=omega, actor=omega_contact, value="zustimmung"
    )
    ds.close_overdue_written_procedures(now=decided.deadline + datetime.timedelta(minutes=1))
    decided.refresh_from_db()
    withdraw(omega, staff)
    return {
        "staff": staff,
        "users": users,
        "alpha": alpha,
        "omega": omega,
        "open": open_proposal,
        "decided": decided,
    }


def position_url(proposal):
    return f"/mein-bereich/beschluesse/{proposal.pk}/position/"


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("state", REFUSED_STATES)
def test_open_proposal_is_hidden(client, world, state):
    response = login(client, world["users"][state]).get(world["open"].get_absolute_url())
    assert response.status_code == 404
    html = response.content.decode()
    for secret in ("Vertraulicher Grund", "Anna Alpha", "Alpha Energie e.V."):
        assert secret not in html


@pytest.mark.parametrize("state", REFUSED_STATES)
def test_decided_proposal_shows_no_positions_and_no_names(client, world, state):
    response = login(client, world["users"][state]).get(world["decided"].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Positionen der Partner" not in html
    assert "Anna Alpha" not in html  # who stated it
    assert "Alpha Energie e.V." not in html  # which organisation objected
    assert "Einwand von" not in html  # the result summary naming the objecting partner
    # What the public learns: the counts and why it failed.
    assert "Vertraulicher Grund" in html


def test_active_contacts_and_staff_see_who_stated_what(client, world):
    for user in (world["users"]["active"], world["staff"]):
        html = login(client, user).get(world["decided"].get_absolute_url()).content.decode()
        assert "Positionen der Partner" in html
        assert "Anna Alpha" in html and "Alpha Energie e.V." in html
        html = login(client, user).get(world["open"].get_absolute_url()).content.decode()
        assert "Vertraulicher Grund" in html


@pytest.mark.parametrize("state", REFUSED_STATES)
def test_no_position_form(client, world, state):
    client = login(client, world["users"][state])
    response = client.get(position_url(world["open"]))
    assert response.status_code == 403
    html = response.content.decode()
    assert 'name="value"' not in html and "Vertraulicher Grund" not in html


@pytest.mark.parametrize("state", REFUSED_STATES)
def test_position_post_is_refused(client, world, state):
    before = Position.objects.count()
    response = login(client, world["users"][state]).post(
        position_url(world["open"]), {"value": "einwand", "reason": "Nein"}
    )
    assert response.status_code == 403
    assert Position.objects.count() == before


@pytest.mark.parametrize("state", REFUSED_STATES)
def test_position_service_is_refused(world, state):
    user = world["users"][state]
    partner = user.partner_contact.partner
    before = Position.objects.count()
    with pytest.raises(PermissionDenied):
        ds.position_state(proposal=world["open"], partner=partner, actor=user, value="einwand")
    assert Position.objects.count() == before


def test_active_contact_states_a_position(client, world):
    client = login(client, world["users"]["active"])
    page = client.get(world["open"].get_absolute_url()).content.decode()
    assert position_url(world["open"]) in page  # the button: the rule allows it
    assert client.get(position_url(world["open"])).status_code == 200
    response = client.post(position_url(world["open"]), {"value": "zustimmung", "reason": ""})
    assert response.status_code == 302
    current = Position.objects.get(proposal=world["open"], partner=world["alpha"], is_current=True)
    assert current.value == "zustimmung"


def test_withdrawn_partners_earlier_position_no_longer_counts(world):
    """One position per *active* partner: Omega's consent, stated before it left, is ignored
    when the written procedure is decided (silence of Alpha's objection still decides)."""
    proposal = world["open"]
    closed = ds.proposal_close(proposal=proposal, now=proposal.deadline)
    assert closed.state == "nicht_angenommen"
    assert closed.consent_count == 0  # Omega's consent is not counted
    assert closed.objection_count == 1
