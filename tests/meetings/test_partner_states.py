"""Partner states are gates on meetings (#14): only contacts of *active* partners read internal
documents, answer invitations, take part in theme circles and working groups and mark their
action items done. Contacts of a registered, signed or withdrawn partner are refused in the
views and in the services (the same named rules)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import CircleRegistration, Rsvp
from partners import services as partner_services
from partners.models import Membership
from tests.factories import (
    ActionItemFactory,
    CircleFactory,
    MembershipFactory,
    PartnerFactory,
    StaffUserFactory,
)
from tests.meetings.conftest import make_contact

pytestmark = pytest.mark.django_db

REFUSED_STATES = ["registered", "signed", "withdrawn"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def staff():
    return StaffUserFactory()


@pytest.fixture
def contacts(staff, working_group):
    """A contact per partner state. The withdrawn partner was a working-group member, had
    an action item and left: its membership and item stay, its rights do not."""
    users = {
        "active": make_contact(PartnerFactory(name="Aktiv GmbH")),
        "registered": make_contact(PartnerFactory(name="Neu e.V.", status="registriert")),
        "signed": make_contact(PartnerFactory(name="Signiert AG", status="unterzeichnet")),
        "withdrawn": make_contact(PartnerFactory(name="Ausgetreten GmbH")),
    }
    for state in ("active", "withdrawn"):
        MembershipFactory(
            partner=users[state].partner_contact.partner,
            representative=users[state],
            body=working_group,
        )
    withdrawn = users["withdrawn"].partner_contact.partner
    partner_services.partner_withdraw(
        partner=withdrawn, actor=staff, left_on=timezone.localdate(), reason="Austritt"
    )
    withdrawn.refresh_from_db()
    return users


def login(client, user):
    client.force_login(user)
    return client


def partner_of(user):
    return user.partner_contact.partner


@pytest.fixture
def internal_document(meeting, staff):
    return services.document_upload(
        meeting=meeting,
        actor=staff,
        title="Internes Protokoll",
        file=SimpleUploadedFile("protokoll.pdf", PDF),
        visibility="intern",
        kind="protokoll",
    )


@pytest.mark.parametrize("state", REFUSED_STATES)
def test_internal_documents_are_refused(client, contacts, meeting, internal_document, state):
    client = login(client, contacts[state])
    url = reverse("meetings:document", kwargs={"pk": meeting.pk, "doc_id": internal_document.pk})
    assert client.get(url).status_code == 403
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Internes Protokoll" not in page


def test_active_contact_reads_internal_documents(client, contacts, meeting, internal_document):
    client = login(client, contacts["active"])
    url = reverse("meetings:document", kwargs={"pk": meeting.pk, "doc_id": internal_document.pk})
    assert client.get(url).status_code == 200
    assert "Internes Protokoll" in client.get(meeting.get_absolute_url()).content.decode()


@pytest.mark.parametrize("state", REFUSED_STATES)
def test_rsvp_is_refused(client, contacts, meeting, state):
    user = contacts[state]
    client = login(client, user)
    url = reverse("meetings:rsvp", kwargs={"pk": meeting.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"answer": "zusage", "people": "1"}).status_code == 403
    assert url not in client.get(meeting.get_absolute_url()).content.decode()
    with pytest.raises(PermissionDenied):
        services.rsvp_submit(meeting=meeting, user=user, answer="zusage", people=1)
    assert not Rsvp.objects.filter(user=user).exists()


def test_active_contact_answers(contacts, meeting):
    rsvp = services.rsvp_submit(meeting=meeting, user=contacts["active"], answer="zusage")
    assert rsvp.partner_id == partner_of(contacts["active"]).pk


@pytest.mark.parametrize("state", REFUSED_STATES)
def test_circle_registration_is_refused(client, contacts, meeting, state):
    user = contacts[state]
    circle = CircleFactory(meeting=meeting, title="Wärme")
    client = login(client, user)
    url = reverse("meetings:circle_register", kwargs={"circle_id": circle.pk})
    assert client.post(url).status_code == 403
    assert url not in client.get(meeting.get_absolute_url()).content.decode()
    with pytest.raises(PermissionDenied):
        services.circle_register(circle=circle, user=user)
    assert not CircleRegistration.objects.filter(user=user).exists()


@pytest.mark.parametrize("state", REFUSED_STATES)
def test_working_group_representatives_are_refused(client, contacts, working_group, state):
    user = contacts[state]
    client = login(client, user)
    before = Membership.objects.count()
    assert client.get(reverse("meetings:memberships")).status_code == 403
    response = client.post(
        reverse("meetings:memberships"),
        {"body": working_group.pk, "representative": user.pk, "role": "mitglied"},
    )
    assert response.status_code == 403
    assert Membership.objects.count() == before
    assert (
        reverse("meetings:memberships")
        not in client.get(reverse("partner_dashboard")).content.decode()
    )


@pytest.mark.parametrize("state", REFUSED_STATES)
def test_membership_propose_service_is_refused(contacts, working_group, state):
    user = contacts[state]
    before = Membership.objects.count()
    # The partner's state first, so staff proposing for it read why, in German.
    with pytest.raises(ValidationError, match="Nur aktive Partner"):
        services.membership_propose(
            partner=partner_of(user),
            body=working_group,
            representative=user,
            role="mitglied",
            actor=user,
        )
    assert Membership.objects.count() == before


def test_membership_propose_service_refuses_another_partners_contact(contacts, working_group):
    active = partner_of(contacts["active"])
    with pytest.raises(PermissionDenied):
        services.membership_propose(
            partner=active,
            body=working_group,
            representative=contacts["active"],
            role="mitglied",
            actor=contacts["withdrawn"],
        )


def test_withdrawn_partner_cannot_complete_its_action_item(client, contacts, meeting):
    user = contacts["withdrawn"]
    item = ActionItemFactory(meeting=meeting, responsible_partner=partner_of(user))
    url = reverse("meetings:action_item_complete", kwargs={"pk": item.pk})
    assert login(client, user).post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.action_item_complete(item=item, actor=user)
    item.refresh_from_db()
    assert item.status == "offen"


def test_active_partner_completes_its_action_item(contacts, meeting):
    user = contacts["active"]
    item = ActionItemFactory(meeting=meeting, responsible_partner=partner_of(user))
    assert services.action_item_complete(item=item, actor=user).status == "erledigt"


def test_withdrawn_partner_is_no_working_group_member(client, contacts, wg_meeting):
    """Its confirmed membership outlived the withdrawal; the rules ask the partner's state."""
    user = contacts["withdrawn"]
    assert not user.has_perm("meetings.view_meeting_internal", wg_meeting)
    assert not user.has_perm("meetings.rsvp_meeting", wg_meeting)
    assert contacts["active"].has_perm("meetings.rsvp_meeting", wg_meeting)
    url = reverse("meetings:rsvp", kwargs={"pk": wg_meeting.pk})
    assert login(client, user).get(url).status_code == 403
