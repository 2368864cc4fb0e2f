"""#16.7: working-group memberships (partners.Membership) end properly (state, dates,
buttons), are never open twice (database constraint and form error), staff add members and set
roles (Leitung, Stellvertretung, Mitglied); the sector is shown to staff. Refusals per role."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.audit.models import AuditEntry
from meetings import services
from partners.models import Body, Membership
from tests.factories import MembershipFactory, PartnerFactory, SectorFactory
from tests.meetings.conftest import make_contact


@pytest.fixture
def working_group(db):
    return Body.objects.get(slug="energiesysteme-stromnutzung")


@pytest.fixture
def people(db):
    return [make_contact(PartnerFactory(name=f"Partner {n}")) for n in range(2)]


def expect(response, code):
    if code == "login":
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    else:
        assert response.status_code == code, (response.status_code, code)


# Working groups ---------------------------------------------------------------------------


@pytest.fixture
def representative(working_group):
    partner = PartnerFactory(name="Elbstrom GmbH", sector=SectorFactory(name="Energie"))
    user = make_contact(partner)
    membership = MembershipFactory(partner=partner, representative=user, body=working_group)
    return user, membership


def test_ending_sets_the_state_and_leaves_the_current_list(representative, staff_user):
    user, membership = representative
    services.membership_end(membership=membership, actor=user)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED
    assert membership.valid_until == timezone.localdate()
    assert not Membership.objects.current().filter(pk=membership.pk).exists()
    # Yesterday it still counted: the from/until dates are the group's history.
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    assert Membership.objects.current(yesterday).filter(pk=membership.pk).exists()
    with pytest.raises(ValidationError):
        services.membership_end(membership=membership, actor=staff_user)
    assert AuditEntry.objects.filter(action="ended", object_id=str(membership.pk)).count() == 1


def test_no_future_end_date(representative, staff_user):
    _user, membership = representative
    with pytest.raises(ValidationError):
        services.membership_end(
            membership=membership,
            actor=staff_user,
            valid_until=timezone.localdate() + timezone.timedelta(days=3),
        )


def test_after_ending_the_person_may_be_proposed_again_but_not_twice(representative, working_group):
    user, membership = representative
    partner = membership.partner
    with pytest.raises(ValidationError) as error:
        services.membership_propose(
            partner=partner, body=working_group, representative=user, role="mitglied", actor=user
        )
    assert "representative" in error.value.message_dict
    services.membership_end(membership=membership, actor=user)
    again = services.membership_propose(
        partner=partner, body=working_group, representative=user, role="mitglied", actor=user
    )
    assert again.status == Membership.Status.PROPOSED


def test_database_refuses_a_second_open_membership(representative, working_group):
    user, membership = representative
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            partner=membership.partner,
            body=working_group,
            representative=user,
            status=Membership.Status.PROPOSED,
        )


def test_staff_add_member_with_role_and_change_role(client, staff_user, working_group, people):
    client.force_login(staff_user)
    response = client.post(
        reverse("meetings:membership_add"),
        {
            "add-body": working_group.pk,
            "add-representative": people[0].pk,
            "add-role": "leitung",
            "add-valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(representative=people[0])
    assert membership.status == Membership.Status.CONFIRMED and membership.role == "leitung"
    # Twice: the form says so, the input is kept.
    response = client.post(
        reverse("meetings:membership_add"),
        {
            "add-body": working_group.pk,
            "add-representative": people[0].pk,
            "add-role": "mitglied",
            "add-valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "bereits" in response.content.decode()
    client.post(
        reverse("meetings:membership_role", kwargs={"membership_id": membership.pk}),
        {"role": "stellvertretung"},
    )
    membership.refresh_from_db()
    assert membership.role == "stellvertretung"
    client.post(
        reverse("meetings:membership_role", kwargs={"membership_id": membership.pk}),
        {"role": "chef"},
    )
    membership.refresh_from_db()
    assert membership.role == "stellvertretung"


def test_staff_page_shows_sector_roles_and_end_buttons(client, staff_user, representative):
    user, membership = representative
    client.force_login(staff_user)
    page = client.get(reverse("meetings:staff_memberships")).content.decode()
    assert "Energie" in page and "Mitglied hinzufügen" in page and str(user) in page
    client.post(reverse("meetings:membership_end", kwargs={"membership_id": membership.pk}))
    page = client.get(reverse("meetings:staff_memberships")).content.decode()
    assert f"membership_id={membership.pk}" not in page
    assert f"/mitgliedschaften/{membership.pk}/rolle/" not in page


def test_partner_page_after_ending(client, representative):
    user, membership = representative
    client.force_login(user)
    client.post(reverse("meetings:membership_end", kwargs={"membership_id": membership.pk}))
    page = client.get(reverse("meetings:memberships")).content.decode()
    assert f"/arbeitsgruppen/{membership.pk}/beenden/" not in page


@pytest.mark.parametrize("role", ["anonymous", "partner"])
def test_role_change_refused(client, representative, role):
    user, membership = representative
    if role == "partner":
        client.force_login(user)
    response = client.post(
        reverse("meetings:membership_role", kwargs={"membership_id": membership.pk}),
        {"role": "leitung"},
    )
    expect(response, "login" if role == "anonymous" else 403)
    membership.refresh_from_db()
    assert membership.role == "mitglied"
