"""Reporting compliance (#15.5): the deadline per reporting year, the "nothing to report"
statement per project and year, and the reminders sent (once per partner, year and stage)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import projects.models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_invitation_withdrawal"),
        ("projects", "0007_activity_results"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="NothingToReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "reason",
                    models.CharField(
                        help_text=(
                            "Why there is no result for this year, e.g. the plant was out of "
                            "service."
                        ),
                        max_length=500,
                        validators=[projects.models._single_line],
                        verbose_name="reason",
                    ),
                ),
                (
                    "stated_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="stated at"
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="nothing_to_report",
                        to="projects.project",
                        verbose_name="project",
                    ),
                ),
                (
                    "stated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="stated by",
                    ),
                ),
            ],
            options={
                "verbose_name": "“nothing to report” statement",
                "verbose_name_plural": "“nothing to report” statements",
                "ordering": ["project", "year"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("project", "year"),
                        name="projects_nothingtoreport_one_per_year",
                        violation_error_message=(
                            "“Nothing to report” has already been stated for this year."
                        ),
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("year__gte", 1990), ("year__lte", 2050)),
                        name="projects_nothingtoreport_year_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("reason", ""), _negated=True),
                        name="projects_nothingtoreport_reason_required",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReportingDeadline",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(unique=True, verbose_name="reporting year"),
                ),
                ("due_date", models.DateField(verbose_name="deadline")),
                (
                    "set_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="set at"),
                ),
                (
                    "staff_notified_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="staff notified at"
                    ),
                ),
                (
                    "set_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="set by",
                    ),
                ),
            ],
            options={
                "verbose_name": "reporting deadline",
                "verbose_name_plural": "reporting deadlines",
                "ordering": ["-year"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("year__gte", 1990), ("year__lte", 2050)),
                        name="projects_reportingdeadline_year_range",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ReportingReminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="reporting year")),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("14_tage", "14 days before the deadline"),
                            ("3_tage", "3 days before the deadline"),
                        ],
                        max_length=10,
                        verbose_name="stage",
                    ),
                ),
                (
                    "sent_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="sent at"),
                ),
                (
                    "partner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reporting_reminders",
                        to="partners.partner",
                        verbose_name="partner",
                    ),
                ),
            ],
            options={
                "verbose_name": "reporting reminder",
                "verbose_name_plural": "reporting reminders",
                "ordering": ["year", "partner", "stage"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("partner", "year", "stage"), name="projects_reportingreminder_once"
                    )
                ],
            },
        ),
    ]
