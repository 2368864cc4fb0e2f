"""The commitment "at least one project" (issue #13.4, DESIGN.md "Commitment"): met only by a
*published* project the partner leads or in which its participation is *confirmed by that
partner*. Drafts, submitted and returned projects, invitations not confirmed and declined ones
count for nothing: not in the counts, not in staff's list of partners without a project, not in
the dashboard's thanks."""

import pytest

from partners.selectors import commitment_status, partners_without_project
from partners.services import contact_add
from projects.models import Participation
from tests.factories import PartnerFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

THANKS = "Vielen Dank"


def status_of(partner):
    return commitment_status(type(partner).objects.filter(pk=partner.pk))[0]


def counts(partner):
    status = status_of(partner)
    return status.projects_led, status.projects_participating


@pytest.fixture
def partner():
    return PartnerFactory(name="Verpflichtet GmbH")


@pytest.fixture
def other():
    return PartnerFactory(name="Federführend AG")


@pytest.mark.parametrize("publication", ["entwurf", "eingereicht", "zurueckgegeben"])
def test_a_led_project_that_is_not_published_counts_for_nothing(partner, publication):
    ProjectFactory(lead_partner=partner, title="x", publication=publication)
    assert counts(partner) == (0, 0)
    assert partner in [s.partner for s in partners_without_project()]
    assert status_of(partner).project_count == 0


def test_a_published_led_project_counts(partner):
    ProjectFactory(lead_partner=partner, publication="veroeffentlicht")
    assert counts(partner) == (1, 0)
    assert partner not in [s.partner for s in partners_without_project()]


@pytest.mark.parametrize(
    ("state", "counted"),
    [
        (Participation.State.INVITED, 0),
        (Participation.State.DECLINED, 0),
        (Participation.State.CONFIRMED, 1),
    ],
)
def test_only_a_confirmed_participation_counts(partner, other, state, counted):
    project = ProjectFactory(lead_partner=other, publication="veroeffentlicht")
    Participation.objects.create(project=project, partner=partner, state=state)
    assert counts(partner) == (0, counted)
    assert (partner in [s.partner for s in partners_without_project()]) == (not counted)


@pytest.mark.parametrize("publication", ["entwurf", "eingereicht", "zurueckgegeben"])
def test_a_confirmed_participation_in_an_unpublished_project_counts_for_nothing(
    partner, other, publication
):
    project = ProjectFactory(lead_partner=other, publication=publication)
    Participation.objects.create(
        project=project, partner=partner, state=Participation.State.CONFIRMED
    )
    assert counts(partner) == (0, 0)


def test_a_bare_attachment_counts_for_nothing(partner, other):
    project = ProjectFactory(lead_partner=other, publication="veroeffentlicht")
    project.partners.add(partner)
    assert counts(partner) == (0, 0)


def test_counts_are_per_partner_and_distinct(partner, other):
    for _ in range(2):
        project = ProjectFactory(lead_partner=other, publication="veroeffentlicht")
        Participation.objects.create(
            project=project, partner=partner, state=Participation.State.CONFIRMED
        )
    ProjectFactory(lead_partner=partner, publication="veroeffentlicht")
    ProjectFactory(lead_partner=partner, publication="entwurf")
    assert counts(partner) == (1, 2)
    assert counts(other) == (2, 0)


@pytest.fixture
def signed_contact(partner):
    """A contact of the partner, which has a confirmed signature of the current declaration."""
    from django.utils import timezone

    from tests.factories import DeclarationFactory

    user = UserFactory()
    contact_add(partner=partner, user=user)
    declaration = DeclarationFactory()
    partner.signatures.create(
        declaration=declaration,
        signed_by=user,
        signatory_name="Frau Verpflichtet",
        signatory_function="Vorstand",
        place="Magdeburg",
        signed_on=timezone.localdate(),
        confirmed_at=timezone.now(),
    )
    return user


def test_the_dashboard_thanks_only_for_a_published_project(client, partner, other, signed_contact):
    client.force_login(signed_contact)
    ProjectFactory(lead_partner=partner, title="x", publication="entwurf")
    project = ProjectFactory(lead_partner=other, publication="veroeffentlicht")
    participation = Participation.objects.create(project=project, partner=partner)
    assert THANKS not in client.get("/mein-bereich/").content.decode()

    participation.state = Participation.State.CONFIRMED
    participation.save()
    assert THANKS in client.get("/mein-bereich/").content.decode()
