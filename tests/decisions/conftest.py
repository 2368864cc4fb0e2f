import pytest

from partners.models import Body
from partners.services import contact_add
from tests.factories import UserFactory


def make_contact(partner):
    user = UserFactory()
    contact_add(partner=partner, user=user)
    return user


@pytest.fixture
def plenary(db):
    return Body.objects.get(slug="allianzversammlung")
