"""Who a user is for the portal (the partner they act for, its state, membership of the
Stabsstelle) is kept per content generation (issue 21), so a logged-in page does not ask the
database three times before it starts. Every change to a contact, a partner, a group or its
members starts a new generation: a revoked right is gone on the very next request."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import STABSSTELLE_GROUP
from partners.models import Contact, Partner

pytestmark = pytest.mark.django_db


def test_a_removed_staff_member_is_refused_on_the_next_request(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/stabsstelle/").status_code == 200
    assert client.get("/stabsstelle/").status_code == 200  # kept now
    Group.objects.get(name=STABSSTELLE_GROUP).user_set.remove(staff_user)
    assert client.get("/stabsstelle/").status_code in (302, 403)


def test_a_new_staff_member_is_let_in_on_the_next_request(client, user):
    client.force_login(user)
    assert client.get("/stabsstelle/").status_code in (302, 403)
    user.groups.add(Group.objects.get_or_create(name=STABSSTELLE_GROUP)[0])
    assert client.get("/stabsstelle/").status_code == 200


def test_a_withdrawn_partner_cannot_start_a_project_on_the_next_request(
    client, contact_user, partner
):
    client.force_login(contact_user)
    assert client.get("/mein-bereich/projekte/neu/").status_code == 200
    assert client.get("/mein-bereich/projekte/neu/").status_code == 200  # kept now
    Partner.objects.filter(pk=partner.pk).update(status=Partner.Status.WITHDRAWN)
    assert client.get("/mein-bereich/projekte/neu/").status_code in (302, 403)


def test_a_removed_contact_loses_the_partner_area_on_the_next_request(
    client, contact_user, partner
):
    client.force_login(contact_user)
    assert partner.name in client.get("/mein-bereich/").content.decode()
    Contact.objects.filter(user=contact_user).delete()
    response = client.get("/mein-bereich/")
    assert response.status_code != 200 or partner.name not in response.content.decode()


def test_a_renamed_partner_shows_its_new_name_in_the_partner_area(client, contact_user, partner):
    client.force_login(contact_user)
    assert partner.name in client.get("/mein-bereich/").content.decode()
    Partner.objects.filter(pk=partner.pk).update(name="Umbenannter Verein Sudenburg")
    assert "Umbenannter Verein Sudenburg" in client.get("/mein-bereich/").content.decode()
