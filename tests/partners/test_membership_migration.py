"""partners 0004_membership_ended: memberships ended under the old rule (only an end date)
become "beendet", and a person proposed again after an end keeps one open membership, so the
new constraint holds on existing data."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("partners", "0003_invitation_withdrawal")]
AFTER = [("partners", "0004_membership_ended")]


def test_old_ended_rows_become_ended(latest_schema_afterwards):
    executor = MigrationExecutor(connection)
    old = executor.migrate(BEFORE).apps
    User = old.get_model("accounts", "User")
    Partner = old.get_model("partners", "Partner")
    Contact = old.get_model("partners", "Contact")
    Body = old.get_model("partners", "Body")
    Membership = old.get_model("partners", "Membership")
    today = timezone.localdate()
    group = Body.objects.get(slug="energiesysteme-stromnutzung")
    partner = Partner.objects.create(name="Elbstrom GmbH", slug="elbstrom", status="aktiv")
    person = User.objects.create(email="ina@elbstrom.example", name="Ina")
    other = User.objects.create(email="ole@elbstrom.example", name="Ole")
    for user in (person, other):
        Contact.objects.create(partner=partner, user=user)
    start = today - datetime.timedelta(days=400)
    ended_today = Membership.objects.create(
        body=group,
        partner=partner,
        representative=person,
        status="bestaetigt",
        valid_from=start,
        valid_until=today,
    )
    again = Membership.objects.create(
        body=group,
        partner=partner,
        representative=person,
        status="vorgeschlagen",
        valid_from=today,
    )
    ended_long_ago = Membership.objects.create(
        body=group,
        partner=partner,
        representative=other,
        status="bestaetigt",
        valid_from=start,
        valid_until=today - datetime.timedelta(days=30),
    )

    executor = MigrationExecutor(connection)
    new = executor.migrate(AFTER).apps
    Membership = new.get_model("partners", "Membership")
    status = dict(Membership.objects.values_list("pk", "status"))
    assert status[ended_today.pk] == "beendet"
    assert status[again.pk] == "vorgeschlagen"
    assert status[ended_long_ago.pk] == "beendet"
