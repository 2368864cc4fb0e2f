"""Participation becomes an explicit model (#13): the automatic table of `Project.partners`
(projects_project_partners) is taken over as it is -- same table, columns, unique index and
rows -- and gains the state of the participation and who invited and answered when. The rows
that exist were participations without asking; they are kept as confirmed, new rows are
invitations."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("projects", "0004_unguessable_image_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table exists: only Django's picture of it changes.
            state_operations=[
                migrations.CreateModel(
                    name="Participation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "project",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="participations",
                                to="projects.project",
                                verbose_name="project",
                            ),
                        ),
                        (
                            "partner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="project_participations",
                                to="partners.partner",
                                verbose_name="partner",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "participation",
                        "verbose_name_plural": "participations",
                        "db_table": "projects_project_partners",
                        "unique_together": {("project", "partner")},
                    },
                ),
                migrations.AlterField(
                    model_name="project",
                    name="partners",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="participating_projects",
                        through="projects.Participation",
                        to="partners.partner",
                        verbose_name="participating partners",
                    ),
                ),
            ],
            database_operations=[],
        ),
        # Existing rows: confirmed. The default then becomes "invited" for every new row.
        migrations.AddField(
            model_name="participation",
            name="state",
            field=models.CharField(
                choices=[
                    ("eingeladen", "invited"),
                    ("bestaetigt", "confirmed"),
                    ("abgelehnt", "declined"),
                ],
                default="bestaetigt",
                editable=False,
                max_length=20,
                verbose_name="state",
            ),
        ),
        migrations.AlterField(
            model_name="participation",
            name="state",
            field=models.CharField(
                choices=[
                    ("eingeladen", "invited"),
                    ("bestaetigt", "confirmed"),
                    ("abgelehnt", "declined"),
                ],
                default="eingeladen",
                editable=False,
                max_length=20,
                verbose_name="state",
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="invited_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="invited by",
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="invited_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="invited at"),
        ),
        migrations.AddField(
            model_name="participation",
            name="confirmed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="confirmed by",
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="confirmed at"),
        ),
        migrations.AddField(
            model_name="participation",
            name="declined_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="declined by",
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="declined_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="declined at"),
        ),
        migrations.AlterField(
            model_name="historicalproject",
            name="credited",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "The project was developed before the partner joined the alliance: only "
                    "possible if it started before the date the lead partner joined."
                ),
                verbose_name="credited",
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="credited",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "The project was developed before the partner joined the alliance: only "
                    "possible if it started before the date the lead partner joined."
                ),
                verbose_name="credited",
            ),
        ),
    ]
