import pytest

from partners.services import contact_add
from tests.factories import PartnerFactory, ProjectFactory, UserFactory

CONFIRMED = {"state": "bestaetigt"}


def make_contact(partner):
    user = UserFactory()
    contact_add(partner=partner, user=user)
    return user


@pytest.fixture
def lead_partner(db):
    return PartnerFactory(name="Elbstrom Energie GmbH", slug="elbstrom")


@pytest.fixture
def participant_partner(db):
    return PartnerFactory(name="Wohnbau eG", slug="wohnbau")


@pytest.fixture
def other_partner(db):
    return PartnerFactory(name="Fremde GmbH", slug="fremde")


@pytest.fixture
def lead_contact(lead_partner):
    return make_contact(lead_partner)


@pytest.fixture
def participant_contact(participant_partner):
    return make_contact(participant_partner)


@pytest.fixture
def other_contact(other_partner):
    return make_contact(other_partner)


@pytest.fixture
def draft(lead_partner, participant_partner):
    project = ProjectFactory(
        title="Solardach Lagerhalle",
        slug="solardach-lagerhalle",
        lead_partner=lead_partner,
        publication="entwurf",
    )
    # A participant that has confirmed (a bare attachment is only an invitation).
    project.partners.add(participant_partner, through_defaults=CONFIRMED)
    return project


@pytest.fixture
def published(lead_partner, participant_partner):
    project = ProjectFactory(
        title="Wärmenetz Anschluss",
        slug="waermenetz-anschluss",
        lead_partner=lead_partner,
        publication="veroeffentlicht",
    )
    # A participant that has confirmed (a bare attachment is only an invitation).
    project.partners.add(participant_partner, through_defaults=CONFIRMED)
    return project


@pytest.fixture
def roles(client, lead_contact, participant_contact, other_contact, staff_user):
    """name -> logged-in user (None = anonymous)."""
    return {
        "anonymous": None,
        "lead": lead_contact,
        "participant": participant_contact,
        "other": other_contact,
        "staff": staff_user,
    }
