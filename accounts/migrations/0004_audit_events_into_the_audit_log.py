"""Data-subject requests move into the one audit log (core.audit); no record is lost."""

from django.db import migrations

ACTIONS = {"export": "data_exported", "erase": "account_erased"}


def copy_events(apps, schema_editor):
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    user_type, _created = ContentType.objects.get_or_create(app_label="accounts", model="user")
    for event in AuditEvent.objects.all().iterator():
        entry = AuditEntry.objects.create(
            content_type=user_type,
            object_id=str(event.subject_id),
            object_repr=f"Konto Nr. {event.subject_id}",
            action=ACTIONS.get(event.action, event.action),
            actor_id=event.actor_id,
            note=event.note,
        )
        # created_at is set on insert; the request's own time is kept.
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=event.at)


def copy_back(apps, schema_editor):
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    back = {new: old for old, new in ACTIONS.items()}
    for entry in AuditEntry.objects.filter(
        content_type__app_label="accounts", content_type__model="user", action__in=back
    ):
        AuditEvent.objects.create(
            action=back[entry.action],
            actor_id=entry.actor_id,
            subject_id=int(entry.object_id),
            at=entry.created_at,
            note=entry.note[:300],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_auditevent"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_events, copy_back),
        migrations.DeleteModel(name="AuditEvent"),
    ]
