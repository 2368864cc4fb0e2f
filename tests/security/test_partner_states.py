"""Partner states are gates (#14), the refusals the sweep's empty POSTs cannot show: real data
posted in each refused role, for the invitations of contacts and the consensus positions,
and the services asked directly with the same rules. Uses the sweep's world (roles "reg",
"signed", "wd": contacts of a registered, a signed and a withdrawn partner)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from decisions import services as decision_services
from decisions.models import Position
from partners import services as partner_services
from partners.models import Invitation
from projects.models import Project

from .world import NOT_ACTIVE


@pytest.fixture
def world(shared_world):
    return shared_world


def own_partner(world, role):
    return world.objects[f"partner_{role}"]


def test_withdrawn_partner_cannot_invite(world):
    partner = own_partner(world, "wd")
    url = reverse("partners:contacts", kwargs={"slug": partner.slug})
    before = Invitation.objects.count()
    client = world.client("wd")
    assert client.get(url).status_code == 200  # it reads who acted for it
    response = client.post(url, {"email": "kollegin@example.org"})
    assert response.status_code == 403
    assert Invitation.objects.count() == before
    with pytest.raises(PermissionDenied):
        partner_services.contact_invite(
            partner=partner, email="kollegin@example.org", actor=world.user("wd")
        )
    assert Invitation.objects.count() == before


@pytest.mark.parametrize("role", ["b", "reg", "signed", "wd"])
def test_nobody_invites_for_another_partner(world, role):
    url = reverse("partners:contacts", kwargs={"slug": world.partner_a.slug})
    before = Invitation.objects.count()
    response = world.client(role).post(url, {"email": "fremd@example.org"})
    assert response.status_code == 403
    assert Invitation.objects.count() == before


@pytest.mark.parametrize("role", ["reg", "signed"])
def test_partners_not_yet_active_invite_their_colleagues(world, role):
    """Managing the contacts belongs to the registration: allowed before the signature is
    confirmed (DESIGN.md, roles)."""
    partner = own_partner(world, role)
    url = reverse("partners:contacts", kwargs={"slug": partner.slug})
    response = world.client(role).post(url, {"email": f"kollege-{role}@example.org"})
    assert response.status_code == 302
    assert Invitation.objects.filter(partner=partner).exists()


@pytest.mark.parametrize("role", NOT_ACTIVE)
def test_no_position_with_real_data(world, role):
    proposal = world.open_proposal
    url = reverse("decisions:position", kwargs={"pk": proposal.pk})
    before = Position.objects.count()
    client = world.client(role)
    assert client.get(url).status_code == 403
    assert client.post(url, {"value": "einwand", "reason": "Dagegen"}).status_code == 403
    with pytest.raises(PermissionDenied):
        decision_services.position_state(
            proposal=proposal,
            partner=own_partner(world, role),
            actor=world.user(role),
            value="einwand",
            reason="Dagegen",
        )
    assert Position.objects.count() == before


@pytest.mark.parametrize("role", ["staff", "super"])
def test_staff_state_no_position_for_a_partner(world, role):
    """Staff record positions stated orally in a meeting (decisions:oral), never in a
    partner's name in the written procedure."""
    proposal = world.open_proposal
    url = reverse("decisions:position", kwargs={"pk": proposal.pk})
    assert world.client(role).post(url, {"value": "zustimmung"}).status_code == 403
    with pytest.raises(PermissionDenied):
        decision_services.position_state(
            proposal=proposal, partner=world.partner_b, actor=world.user(role), value="zustimmung"
        )


@pytest.mark.parametrize("role", NOT_ACTIVE)
def test_no_project_with_real_data(world, role):
    before = Project.objects.count()
    data = {
        "title": "Neues Projekt",
        "summary": "Kurz.",
        "description": "Lang.",
        "field_of_action": world.working_group.pk,
        "status": "geplant",
        "start_date": "01.03.2025",
        "expected_reduction": "5",
    }
    response = world.client(role).post(reverse("projects_partner:create"), data)
    assert response.status_code == 403
    assert Project.objects.count() == before
