import datetime

import pytest

from partners import services
from partners.commitments import COMMITMENT_KEYS
from tests.factories import DeclarationFactory, PartnerFactory, UserFactory


@pytest.fixture
def declaration(db):
    return DeclarationFactory()


def sign(partner, declaration, user, **overrides):
    data = {
        "signatory_name": "Erika Muster",
        "signatory_function": "Geschäftsführerin",
        "place": "Magdeburg",
        "signed_on": datetime.date(2026, 1, 15),
        "commitments": list(COMMITMENT_KEYS),
    }
    data.update(overrides)
    return services.partner_sign(partner=partner, declaration=declaration, actor=user, **data)


@pytest.fixture
def registered_partner(db):
    """A partner that registered but has not signed, with one contact."""
    partner = PartnerFactory(status="registriert")
    user = UserFactory()
    services.contact_add(partner=partner, user=user)
    partner.first_contact = user
    return partner


@pytest.fixture
def other_contact(db):
    """A contact of another, active partner."""
    user = UserFactory()
    services.contact_add(partner=PartnerFactory(), user=user)
    return user
