"""The commitment status on /mein-bereich/ through the signing cycle: not signed, signed and
awaiting confirmation, confirmed, and a newer version of the declaration to sign. The status is
kept per content generation (partners.selectors.profile_commitment_status), so each step must
show at once."""

import datetime

import pytest
from django.utils import timezone

from partners.commitments import COMMITMENT_KEYS
from partners.models import Partner
from partners.services import contact_add, declaration_publish, partner_sign, signature_confirm
from tests.factories import DeclarationFactory, PartnerFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

NOT_SIGNED = "noch nicht unterzeichnet"
AWAITING = "unterzeichnet, Bestätigung durch die Stabsstelle ausstehend"
SIGN = "Erklärung unterzeichnen"
NEWER = "Es gibt eine neuere Fassung"


def status_text(client) -> str:
    response = client.get("/mein-bereich/")
    assert response.status_code == 200
    return response.content.decode()


def sign(partner, declaration, user):
    return partner_sign(
        partner=partner,
        declaration=declaration,
        actor=user,
        signatory_name="Frau Verpflichtet",
        signatory_function="Vorstand",
        place="Magdeburg",
        signed_on=timezone.localdate(),
        commitments=list(COMMITMENT_KEYS),
    )


def test_the_status_follows_signing_confirming_and_a_new_version(client):
    declaration = DeclarationFactory(version="2010")
    partner = PartnerFactory(name="Unterzeichnend e. V.", status=Partner.Status.REGISTERED)
    user = UserFactory()
    contact_add(partner=partner, user=user)
    client.force_login(user)

    page = status_text(client)
    assert NOT_SIGNED in page and SIGN in page

    signature = sign(partner, declaration, user)
    page = status_text(client)
    assert AWAITING in page and NOT_SIGNED not in page
    assert SIGN not in page  # the current version is signed, only not yet confirmed

    signature_confirm(signature=signature, actor=StaffUserFactory())
    page = status_text(client)
    assert "Fassung 2010, unterzeichnet am" in page
    assert AWAITING not in page and SIGN not in page and NEWER not in page

    declaration_publish(
        declaration=DeclarationFactory(
            version="2030", is_current=False, valid_from=datetime.date(2026, 1, 1)
        )
    )
    page = status_text(client)
    assert NEWER in page and "(2030)" in page and SIGN in page
