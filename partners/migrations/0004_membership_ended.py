"""Memberships can be ended (state "beendet") and a person holds at most one open
(proposed or confirmed) membership per working group. Ending used to set only the end date, so
such rows stayed "Bestätigt" and the same person could be proposed again (two open rows)."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count
from django.utils import timezone


def mark_ended(apps, schema_editor):
    Membership = apps.get_model("partners", "Membership")
    open_statuses = ["vorgeschlagen", "bestaetigt"]
    # Ended before today under the old rule: the end date was set, the state was not.
    Membership.objects.filter(
        status="bestaetigt", valid_until__lt=timezone.localdate()
    ).update(status="beendet")
    # A person proposed again after an end today: the row with the end date is the old one.
    duplicated = (
        Membership.objects.filter(status__in=open_statuses)
        .values("body_id", "representative_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    for group in duplicated:
        Membership.objects.filter(
            status__in=open_statuses,
            body_id=group["body_id"],
            representative_id=group["representative_id"],
            valid_until__isnull=False,
        ).update(status="beendet")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_invitation_withdrawal"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="membership",
            name="meetings_membership_one_open_per_person",
        ),
        migrations.AlterField(
            model_name="membership",
            name="status",
            field=models.CharField(
                choices=[
                    ("vorgeschlagen", "Proposed"),
                    ("bestaetigt", "Confirmed"),
                    ("abgelehnt", "Rejected"),
                    ("beendet", "Ended"),
                ],
                default="vorgeschlagen",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(mark_ended, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["vorgeschlagen", "bestaetigt"])),
                fields=("body", "representative"),
                name="meetings_membership_one_open_per_person",
                violation_error_message=(
                    "This person is already proposed for or a member of this working group."
                ),
            ),
        ),
    ]
