"""Plausible years in the database too (#13): project start and end dates and result years
(approved and pending) between 1990 and 2050, as the model's clean and the CSV import already
ask. Adding the constraints fails on a database holding rows outside that range; correct them
(the staff can see them in the admin) before migrating."""

import datetime

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_invitation_withdrawal"),
        ("projects", "0005_participation"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start_date__gte", datetime.date(1990, 1, 1)),
                    ("start_date__lte", datetime.date(2050, 12, 31)),
                ),
                name="projects_project_start_date_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_date__isnull", True),
                    models.Q(
                        ("end_date__gte", datetime.date(1990, 1, 1)),
                        ("end_date__lte", datetime.date(2050, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="projects_project_end_date_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="projectresult",
            constraint=models.CheckConstraint(
                condition=models.Q(("year__gte", 1990), ("year__lte", 2050)),
                name="projects_result_year_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="resultrevision",
            constraint=models.CheckConstraint(
                condition=models.Q(("year__gte", 1990), ("year__lte", 2050)),
                name="projects_result_revision_year_range",
            ),
        ),
    ]
