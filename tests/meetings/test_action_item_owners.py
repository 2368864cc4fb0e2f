"""Action items with one owner (#16.5): partner, working group or Stabsstelle (database
constraint), "Meine offenen Aufgaben", who may mark an item done, mail on assignment, the
staff list's filters, once-only reminders."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from meetings import action_items
from meetings.models import ActionItem
from tests.factories import ActionItemFactory, MembershipFactory, PartnerFactory, StaffUserFactory
from tests.meetings.conftest import make_contact as _make_contact


def make_contact(partner):
    return User.objects.get(pk=_make_contact(partner).pk)


@pytest.fixture
def staff(db):
    return StaffUserFactory()


def test_exactly_one_owner_is_a_database_rule(db, working_group):
    partner = PartnerFactory()
    for fields in (
        {"owner_kind": "partner"},
        {
            "owner_kind": "partner",
            "responsible_partner": partner,
            "responsible_body": working_group,
        },
        {"owner_kind": "gremium"},
        {"owner_kind": "stabsstelle", "responsible_partner": partner},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionItem.objects.create(
                title="x", due_on=timezone.localdate(), meeting=None, **fields
            )
    ActionItem.objects.create(title="ok", due_on=timezone.localdate(), owner_kind="stabsstelle")


def test_my_open_action_items_are_those_my_partner_or_its_working_groups_own(
    client, staff, working_group
):
    mine = PartnerFactory(name="Elbstrom GmbH")
    contact = make_contact(mine)
    MembershipFactory(partner=mine, representative=contact, body=working_group)
    other = PartnerFactory(name="Andere AG")
    ActionItemFactory(meeting=None, title="Eigene Aufgabe", responsible_partner=mine)
    ActionItemFactory(meeting=None, title="AG-Aufgabe", responsible_body=working_group)
    ActionItemFactory(
        meeting=None, title="Von uns angelegt", responsible_partner=other, created_by=contact
    )
    ActionItemFactory(meeting=None, title="Erledigte", responsible_partner=mine, status="erledigt")
    client.force_login(contact)
    html = client.get("/mein-bereich/").content.decode()
    assert "Meine offenen Aufgaben" in html
    assert "Eigene Aufgabe" in html and "AG-Aufgabe" in html
    assert "Von uns angelegt" not in html and "Erledigte" not in html


def test_members_of_the_owning_working_group_mark_it_done_others_are_refused(
    client, staff, working_group
):
    member_partner = PartnerFactory()
    member = make_contact(member_partner)
    MembershipFactory(partner=member_partner, representative=member, body=working_group)
    outsider = make_contact(PartnerFactory())
    withdrawn_partner = PartnerFactory(status="ausgetreten")
    withdrawn = make_contact(withdrawn_partner)
    item = ActionItemFactory(meeting=None, responsible_body=working_group)
    own_of_withdrawn = ActionItemFactory(meeting=None, responsible_partner=withdrawn_partner)
    stabsstelle_item = ActionItemFactory(meeting=None)
    url = f"/mein-bereich/aufgaben/{item.pk}/erledigt/"
    assert client.post(url).status_code == 302 and "/konto/login/" in client.post(url)["Location"]
    for user, target in (
        (outsider, item),
        (withdrawn, own_of_withdrawn),
        (member, stabsstelle_item),
    ):
        client.force_login(user)
        assert client.post(f"/mein-bereich/aufgaben/{target.pk}/erledigt/").status_code == 403
        with pytest.raises(PermissionDenied):
            action_items.action_item_complete(item=target, actor=user)
    client.force_login(member)
    assert client.post(url).status_code == 302
    item.refresh_from_db()
    assert item.status == "erledigt" and item.closed_at is not None


def test_assignment_mails_the_owner_and_a_new_owner(
    staff, working_group, django_capture_on_commit_callbacks
):
    partner = PartnerFactory()
    contact = make_contact(partner)
    rep_partner = PartnerFactory()
    rep = make_contact(rep_partner)
    MembershipFactory(partner=rep_partner, representative=rep, body=working_group)
    due = timezone.localdate() + datetime.timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        item = action_items.action_item_create(
            meeting=None,
            actor=staff,
            title="Solarkataster prüfen",
            owner_kind="partner",
            responsible_partner=partner,
            due_on=due,
        )
    assert [m.to for m in mail.outbox] == [[contact.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action_items.action_item_update(
            item=item, actor=staff, owner_kind="gremium", responsible_body=working_group
        )
    assert [m.to for m in mail.outbox] == [[rep.email]]
    item.refresh_from_db()
    assert item.responsible_partner is None and item.responsible_body == working_group
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action_items.action_item_update(item=item, actor=staff, owner_kind="stabsstelle")
        action_items.action_item_update(item=item, actor=staff, title="Nur der Titel")
    assert [m.to for m in mail.outbox] == [[settings.STAFF_NOTIFICATION_EMAIL]]


def test_staff_list_filters_and_bad_parameters(client, staff, working_group):
    today = timezone.localdate()
    partner = PartnerFactory(name="Filter GmbH")
    by_partner = ActionItemFactory(meeting=None, title="Partner", responsible_partner=partner)
    by_group = ActionItemFactory(meeting=None, title="Gruppe", responsible_body=working_group)
    soon = ActionItemFactory(
        meeting=None, title="Bald", due_on=today + datetime.timedelta(days=3), status="in_arbeit"
    )
    late = ActionItemFactory(meeting=None, title="Spät", due_on=today - datetime.timedelta(days=3))
    client.force_login(staff)

    def titles(query):
        response = client.get(f"/stabsstelle/aufgaben/?{query}")
        assert response.status_code == 200
        return {item.title for item in response.context["page"].object_list}

    assert titles(f"partner={partner.pk}") == {by_partner.title}
    assert titles(f"body={working_group.pk}") == {by_group.title}
    assert titles("owner=stabsstelle") == {soon.title, late.title}
    assert titles("due=7") == {soon.title}
    assert titles("due=ueberfaellig") == {late.title}
    assert titles("status=in_arbeit") == {soon.title}
    for junk in ("partner=x", "body=%00", "due=99", "status=<b>", "owner=1", "page=abc"):
        assert len(titles(junk)) == 4
    html = client.get("/stabsstelle/aufgaben/").content.decode()
    assert "ohne Sitzung" in html


def test_reminders_once_each_and_not_right_after_assignment(
    staff, django_capture_on_commit_callbacks
):
    partner = PartnerFactory()
    make_contact(partner)
    today = timezone.localdate()
    fresh = ActionItemFactory(
        meeting=None, responsible_partner=partner, due_on=today + datetime.timedelta(days=5)
    )
    old = ActionItemFactory(
        meeting=None, responsible_partner=partner, due_on=today + datetime.timedelta(days=6)
    )
    ActionItem.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=60)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert action_items.action_item_send_reminders(today=today) == 1
    assert len(mail.outbox) == 1 and old.title in mail.outbox[0].subject
    assert action_items.action_item_send_reminders(today=today) == 0
    # Both overdue later: one overdue reminder each, once.
    later = today + datetime.timedelta(days=10)
    assert action_items.action_item_send_reminders(today=later) == 2
    assert action_items.action_item_send_reminders(today=later + datetime.timedelta(days=7)) == 0
    assert ActionItem.objects.get(pk=fresh.pk).overdue_reminder_sent_on == later


def test_public_meeting_page_shows_public_tasks_and_names_only_listed_partners(
    client, meeting, working_group
):
    listed = PartnerFactory(name="Gelistet GmbH", public_listing=True)
    unlisted = PartnerFactory(name="Verborgen GmbH", public_listing=False)
    ActionItemFactory(meeting=meeting, title="Öffentlich A", responsible_partner=listed)
    ActionItemFactory(meeting=meeting, title="Öffentlich B", responsible_partner=unlisted)
    ActionItemFactory(meeting=meeting, title="Öffentlich C", responsible_body=working_group)
    ActionItemFactory(meeting=meeting, title="Nur intern", is_public=False)
    html = client.get(f"/termine/{meeting.pk}/").content.decode()
    assert "Öffentlich A" in html and "Gelistet GmbH" in html
    assert "Öffentlich B" in html and "Verborgen GmbH" not in html
    assert "Öffentlich C" in html and working_group.name in html
    assert "Nur intern" not in html
