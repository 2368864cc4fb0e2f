"""The data-subject requests recorded before the move are found in the one audit log."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0003_auditevent")]


@pytest.mark.postgres
def test_recorded_exports_and_erasures_move_into_the_audit_log(latest_schema_afterwards):
    executor = MigrationExecutor(connection)
    old_apps = executor.migrate(BEFORE).apps
    User = old_apps.get_model("accounts", "User")
    AuditEvent = old_apps.get_model("accounts", "AuditEvent")
    staff = User.objects.create(email="stab@example.org", name="Stab")
    at = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 30))
    AuditEvent.objects.create(action="export", actor=staff, subject_id=41, at=at)
    AuditEvent.objects.create(action="erase", actor=None, subject_id=42, at=at, note="3 Kontakte")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from accounts.selectors import data_rights_history

    entries = {e.object_id: e for e in data_rights_history()}
    assert set(entries) == {"41", "42"}
    assert (entries["41"].action, entries["41"].actor.email) == ("data_exported", staff.email)
    assert (entries["42"].action, entries["42"].actor, entries["42"].note) == (
        "account_erased",
        None,
        "3 Kontakte",
    )
    assert {e.created_at for e in entries.values()} == {at}
