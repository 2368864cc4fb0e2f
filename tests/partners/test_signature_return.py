"""Staff return a signature with a reason; the organisation is told and can sign again."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from core.audit.selectors import history_of
from partners import services
from partners.models import Partner, Signature
from tests.factories import StaffUserFactory, UserFactory
from tests.partners.conftest import sign

REASON = "Die unterzeichnende Person ist nicht zeichnungsberechtigt."


def url(signature) -> str:
    return f"/stabsstelle/unterschriften/{signature.pk}/zurueckgeben/"


@pytest.fixture
def signature(registered_partner, declaration):
    return sign(registered_partner, declaration, registered_partner.first_contact)


def test_staff_return_a_signature_and_the_partner_can_sign_again(
    client, signature, registered_partner, declaration, django_capture_on_commit_callbacks
):
    staff = StaffUserFactory()
    client.force_login(staff)
    page = client.get("/stabsstelle/").content.decode()
    assert url(signature) in page
    assert "Erika Muster" in client.get(url(signature)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(signature), {"reason": REASON}, follow=True)
    assert "wurde zurückgegeben" in response.content.decode()
    assert not Signature.objects.filter(pk=signature.pk).exists()
    registered_partner.refresh_from_db()
    assert registered_partner.status == Partner.Status.REGISTERED
    (message,) = [m for m in mail.outbox if "zurückgegeben" in m.subject]
    assert message.to == [registered_partner.first_contact.email]
    assert REASON in message.body
    entry = history_of(registered_partner)[0]
    assert entry.action == "signature_returned" and entry.actor == staff
    assert REASON in entry.note
    assert entry.changes["signature.signatory"]["old"] == "Erika Muster, Geschäftsführerin"
    # Signing again works: the returned signature no longer blocks the version.
    again = sign(registered_partner, declaration, registered_partner.first_contact)
    assert again.pk != signature.pk


def test_a_reason_is_required_and_the_form_says_so(client, signature):
    client.force_login(StaffUserFactory())
    response = client.post(url(signature), {"reason": "   "})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert Signature.objects.filter(pk=signature.pk).exists()


def test_a_confirmed_signature_cannot_be_returned(signature):
    staff = StaffUserFactory()
    services.signature_confirm(signature=signature, actor=staff)
    with pytest.raises(ValidationError, match="bestätigte Unterschrift"):
        services.signature_return(signature=signature, actor=staff, reason=REASON)


def test_only_staff_return_signatures(client, signature, registered_partner, other_contact):
    response = client.post(url(signature), {"reason": REASON})
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    for user in (registered_partner.first_contact, other_contact, UserFactory()):
        client.force_login(user)
        assert client.get(url(signature)).status_code == 403
        assert client.post(url(signature), {"reason": REASON}).status_code == 403
    assert Signature.objects.filter(pk=signature.pk).exists()


def test_a_signature_cannot_predate_the_version_it_signs(registered_partner, declaration):
    before = declaration.valid_from - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="nicht vor dem"):
        sign(registered_partner, declaration, registered_partner.first_contact, signed_on=before)
    with pytest.raises(ValidationError):
        sign(
            registered_partner,
            declaration,
            registered_partner.first_contact,
            signed_on=datetime.date(1900, 1, 1),
        )
