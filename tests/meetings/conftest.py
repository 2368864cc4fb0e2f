import pytest

from partners.models import Body
from partners.services import contact_add
from tests.factories import MeetingFactory, MembershipFactory, PartnerFactory, UserFactory


def make_contact(partner):
    user = UserFactory()
    contact_add(partner=partner, user=user)
    return user


@pytest.fixture
def plenary(db):
    return Body.objects.get(slug="allianzversammlung")


@pytest.fixture
def working_group(db):
    return Body.objects.get(slug="energiesysteme-stromnutzung")


@pytest.fixture
def member(db):
    """A contact of an active partner that is a confirmed member of the working group."""
    partner = PartnerFactory(name="Elbstrom GmbH")
    user = make_contact(partner)
    MembershipFactory(
        partner=partner,
        representative=user,
        body=Body.objects.get(slug="energiesysteme-stromnutzung"),
    )
    return user


@pytest.fixture
def outsider(db):
    """A contact of an active partner without working-group membership."""
    return make_contact(PartnerFactory(name="Bäckerei Kornblume"))


@pytest.fixture
def inactive_contact(db):
    """A contact of a partner that has only registered: not in the plenary."""
    return make_contact(PartnerFactory(name="Neu e.V.", status="registriert"))


@pytest.fixture
def meeting(db, plenary):
    return MeetingFactory(body=plenary, title="Allianzversammlung Herbst")


@pytest.fixture
def wg_meeting(db, working_group):
    return MeetingFactory(body=working_group, title="Sitzung Energie")
