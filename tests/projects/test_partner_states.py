"""Partner states are gates on projects (#14): only contacts of an *active* partner record,
change and submit projects and results. A withdrawn partner reads its projects' history and
starts nothing new; a registered or signed partner has nothing to record yet. Refused in the
views (the gate) and in the services (the same rules)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from partners import services as partner_services
from partners.models import Body
from projects import services
from projects.models import Project
from tests.factories import PartnerFactory, ProjectFactory, StaffUserFactory
from tests.projects.conftest import make_contact

pytestmark = pytest.mark.django_db

REFUSED_STATES = ["registered", "signed", "withdrawn"]


@pytest.fixture
def staff():
    return StaffUserFactory()


@pytest.fixture
def contacts(staff):
    """A contact per partner state, with a draft project led by the partner (the withdrawn
    partner's was recorded while it was active)."""
    users = {}
    for state, status in (
        ("active", "aktiv"),
        ("registered", "registriert"),
        ("signed", "unterzeichnet"),
        ("withdrawn", "aktiv"),
    ):
        partner = PartnerFactory(name=f"Partner {state}", slug=f"partner-{state}")
        users[state] = make_contact(partner)
        ProjectFactory(
            title=f"Entwurf {state}",
            slug=f"entwurf-{state}",
            lead_partner=partner,
            publication="entwurf",
        )
        if status != "aktiv":
            partner.status = status
            partner.save(update_fields=["status"])
    withdrawn = users["withdrawn"].partner_contact.partner
    partner_services.partner_withdraw(
        partner=withdrawn, actor=staff, left_on=timezone.localdate(), reason="Austritt"
    )
    withdrawn.refresh_from_db()
    return users


def own_draft(state) -> Project:
    return Project.objects.get(slug=f"entwurf-{state}")


def fields() -> dict:
    return {
        "title": "Neues Solardach",
        "summary": "Photovoltaik.",
        "description": "Eine Anlage.",
        "field_of_action": Body.objects.working_groups().first(),
        "status": "in_umsetzung",
        "start_date": datetime.date(2025, 3, 1),
        "expected_reduction": Decimal("12.5"),
    }


def form_data() -> dict:
    data = fields()
    data.update(
        field_of_action=data["field_of_action"].pk,
        start_date="01.03.2025",
        expected_reduction="12,5",
    )
    return data


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("state", REFUSED_STATES)
def test_create_view_is_refused(client, contacts, state):
    client = login(client, contacts[state])
    before = Project.objects.count()
    assert client.get(reverse("projects_partner:create")).status_code == 403
    assert client.post(reverse("projects_partner:create"), form_data()).status_code == 403
    assert Project.objects.count() == before


@pytest.mark.parametrize("state", REFUSED_STATES)
def test_create_service_is_refused(contacts, state):
    user = contacts[state]
    before = Project.objects.count()
    with pytest.raises(PermissionDenied):
        services.project_create(actor=user, lead_partner=user.partner_contact.partner, **fields())
    assert Project.objects.count() == before


def test_create_service_is_refused_for_another_partner(contacts):
    """The lead partner is the actor's own organisation (or staff record for it)."""
    other = contacts["withdrawn"].partner_contact.partner
    with pytest.raises(PermissionDenied):
        services.project_create(actor=contacts["active"], lead_partner=other, **fields())


def test_active_contact_and_staff_create(client, contacts, staff):
    user = contacts["active"]
    partner = user.partner_contact.partner
    assert services.project_create(actor=user, lead_partner=partner, **fields()).pk
    assert services.project_create(actor=staff, lead_partner=partner, **fields()).pk
    assert login(client, user).get(reverse("projects_partner:create")).status_code == 200


def test_withdrawn_partner_cannot_submit_its_draft(client, contacts):
    user = contacts["withdrawn"]
    project = own_draft("withdrawn")
    url = reverse("projects_partner:submit", kwargs={"slug": project.slug})
    assert login(client, user).post(url).status_code == 403
    project.refresh_from_db()
    assert project.publication == "entwurf"
    with pytest.raises(PermissionDenied):
        services.project_submit(project=project, actor=user, notify=False)
    project.refresh_from_db()
    assert project.publication == "entwurf"


@pytest.mark.parametrize("state", ["registered", "signed"])
def test_partner_not_yet_active_cannot_submit(contacts, state):
    project = own_draft(state)
    with pytest.raises(PermissionDenied):
        services.project_submit(project=project, actor=contacts[state], notify=False)


def test_active_contact_submits(contacts):
    project = own_draft("active")
    services.project_submit(project=project, actor=contacts["active"], notify=False)
    project.refresh_from_db()
    assert project.publication == "eingereicht"


def test_withdrawn_partner_reads_but_does_not_change_its_projects(client, contacts):
    client = login(client, contacts["withdrawn"])
    slug = own_draft("withdrawn").slug
    assert client.get(reverse("projects_partner:detail", kwargs={"slug": slug})).status_code == 200
    assert client.get(reverse("projects_partner:list")).status_code == 200
    for name in ("edit", "result_add"):
        url = reverse(f"projects_partner:{name}", kwargs={"slug": slug})
        assert client.get(url).status_code == 403, name
        assert client.post(url, {}).status_code == 403, name
    assert client.get(reverse("projects_partner:import")).status_code == 403


@pytest.mark.parametrize("state", REFUSED_STATES)
def test_dashboard_and_list_offer_no_recording(client, contacts, state):
    client = login(client, contacts[state])
    create = reverse("projects_partner:create")
    assert create not in client.get(reverse("projects_partner:list")).content.decode()
    assert create not in client.get(reverse("partner_dashboard")).content.decode()
