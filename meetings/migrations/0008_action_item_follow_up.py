"""Action items as follow-up: optional meeting (a decision's task has none), exactly one
owner (partner, working group or the Stabsstelle), an "in progress" status, a public flag and
once-only reminders."""

import django.db.models.deletion
from django.db import migrations, models


def owners_of_existing_items(apps, schema_editor):
    # Items without a responsible partner were the Stabsstelle's.
    ActionItem = apps.get_model("meetings", "ActionItem")
    ActionItem.objects.filter(responsible_partner__isnull=True).update(
        owner_kind="stabsstelle", responsible_person=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_meeting_lifecycle"),
        ("partners", "0003_invitation_withdrawal"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionitem",
            name="due_reminder_sent_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="due reminder sent on"
            ),
        ),
        migrations.AddField(
            model_name="actionitem",
            name="overdue_reminder_sent_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="overdue reminder sent on"
            ),
        ),
        migrations.AddField(
            model_name="actionitem",
            name="is_public",
            field=models.BooleanField(
                default=True,
                help_text="Public tasks are shown with their meeting or decision on public pages.",
                verbose_name="public",
            ),
        ),
        migrations.AddField(
            model_name="actionitem",
            name="owner_kind",
            field=models.CharField(
                choices=[
                    ("partner", "Partner organisation"),
                    ("gremium", "Working group"),
                    ("stabsstelle", "Stabsstelle Klimaschutz"),
                ],
                default="partner",
                max_length=20,
                verbose_name="responsible",
            ),
        ),
        migrations.AddField(
            model_name="actionitem",
            name="responsible_body",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="action_items",
                to="partners.body",
                verbose_name="responsible working group",
            ),
        ),
        migrations.AlterField(
            model_name="actionitem",
            name="meeting",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="action_items",
                to="meetings.meeting",
                verbose_name="meeting",
            ),
        ),
        migrations.AlterField(
            model_name="actionitem",
            name="status",
            field=models.CharField(
                choices=[
                    ("offen", "Open"),
                    ("in_arbeit", "In progress"),
                    ("erledigt", "Done"),
                    ("verworfen", "Discarded"),
                ],
                default="offen",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(owners_of_existing_items, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="actionitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("owner_kind", "partner"),
                        ("responsible_body__isnull", True),
                        ("responsible_partner__isnull", False),
                    ),
                    models.Q(
                        ("owner_kind", "gremium"),
                        ("responsible_body__isnull", False),
                        ("responsible_partner__isnull", True),
                    ),
                    models.Q(
                        ("owner_kind", "stabsstelle"),
                        ("responsible_body__isnull", True),
                        ("responsible_partner__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="meetings_actionitem_one_owner",
                violation_error_message=(
                    "An action item has exactly one owner: a partner organisation, a working "
                    "group or the Stabsstelle."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="actionitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("responsible_person__isnull", True), ("owner_kind", "partner"), _connector="OR"
                ),
                name="meetings_actionitem_person_of_partner",
                violation_error_message=(
                    "A responsible person can only be named for a partner organisation."
                ),
            ),
        ),
    ]
