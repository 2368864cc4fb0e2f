"""Results from activity data (#15.2): activity lines of results and pending results with
the factor version they were computed with, and a data-quality grade A-D."""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("climate", "0004_factor_year_bounds_and_single_line_sources"),
        ("projects", "0006_date_and_year_ranges"),
    ]

    operations = [
        migrations.CreateModel(
            name="ResultLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "carrier",
                    models.CharField(
                        choices=[
                            ("strom", "Electricity (federal mix)"),
                            ("erdgas", "Natural gas"),
                            ("heizoel", "Heating oil"),
                            ("fernwaerme", "District heating"),
                            ("diesel", "Diesel"),
                            ("benzin", "Petrol"),
                            ("fluessiggas", "Liquefied petroleum gas"),
                            ("holzpellets", "Wood pellets"),
                        ],
                        max_length=30,
                        verbose_name="energy carrier",
                    ),
                ),
                (
                    "quantity",
                    models.DecimalField(
                        decimal_places=3,
                        max_digits=12,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0.001"), message="The quantity must be above zero."
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("999999999.999"), message="The quantity is too large."
                            ),
                        ],
                        verbose_name="quantity saved",
                    ),
                ),
                (
                    "unit",
                    models.CharField(
                        choices=[("kWh", "kWh"), ("l", "litre"), ("kg", "kg"), ("m3", "m³")],
                        max_length=10,
                        verbose_name="unit",
                    ),
                ),
                (
                    "kg_co2e",
                    models.DecimalField(decimal_places=7, max_digits=19, verbose_name="kg CO2e"),
                ),
            ],
            options={
                "verbose_name": "activity line",
                "verbose_name_plural": "activity lines",
                "ordering": ["position", "pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ResultRevisionLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                (
                    "carrier",
                    models.CharField(
                        choices=[
                            ("strom", "Electricity (federal mix)"),
                            ("erdgas", "Natural gas"),
                            ("heizoel", "Heating oil"),
                            ("fernwaerme", "District heating"),
                            ("diesel", "Diesel"),
                            ("benzin", "Petrol"),
                            ("fluessiggas", "Liquefied petroleum gas"),
                            ("holzpellets", "Wood pellets"),
                        ],
                        max_length=30,
                        verbose_name="energy carrier",
                    ),
                ),
                (
                    "quantity",
                    models.DecimalField(
                        decimal_places=3,
                        max_digits=12,
                        validators=[
                            django.core.validators.MinValueValidator(
                                Decimal("0.001"), message="The quantity must be above zero."
                            ),
                            django.core.validators.MaxValueValidator(
                                Decimal("999999999.999"), message="The quantity is too large."
                            ),
                        ],
                        verbose_name="quantity saved",
                    ),
                ),
                (
                    "unit",
                    models.CharField(
                        choices=[("kWh", "kWh"), ("l", "litre"), ("kg", "kg"), ("m3", "m³")],
                        max_length=10,
                        verbose_name="unit",
                    ),
                ),
                (
                    "kg_co2e",
                    models.DecimalField(decimal_places=7, max_digits=19, verbose_name="kg CO2e"),
                ),
            ],
            options={
                "verbose_name": "pending activity line",
                "verbose_name_plural": "pending activity lines",
                "ordering": ["position", "pk"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="historicalprojectresult",
            name="data_quality",
            field=models.CharField(
                blank=True,
                choices=[
                    ("A", "A – measured"),
                    ("B", "B – calculated from measured data"),
                    ("C", "C – estimated"),
                    ("D", "D – rough estimate"),
                ],
                help_text="How the figures were obtained (grades A–D, explained on the methods page).",
                max_length=1,
                verbose_name="data quality",
            ),
        ),
        migrations.AddField(
            model_name="projectresult",
            name="data_quality",
            field=models.CharField(
                blank=True,
                choices=[
                    ("A", "A – measured"),
                    ("B", "B – calculated from measured data"),
                    ("C", "C – estimated"),
                    ("D", "D – rough estimate"),
                ],
                help_text="How the figures were obtained (grades A–D, explained on the methods page).",
                max_length=1,
                verbose_name="data quality",
            ),
        ),
        migrations.AddField(
            model_name="resultrevision",
            name="data_quality",
            field=models.CharField(
                blank=True,
                choices=[
                    ("A", "A – measured"),
                    ("B", "B – calculated from measured data"),
                    ("C", "C – estimated"),
                    ("D", "D – rough estimate"),
                ],
                help_text="How the figures were obtained (grades A–D, explained on the methods page).",
                max_length=1,
                verbose_name="data quality",
            ),
        ),
        migrations.AddConstraint(
            model_name="projectresult",
            constraint=models.CheckConstraint(
                condition=models.Q(("data_quality__in", ["", "A", "B", "C", "D"])),
                name="projects_result_data_quality",
            ),
        ),
        migrations.AddConstraint(
            model_name="resultrevision",
            constraint=models.CheckConstraint(
                condition=models.Q(("data_quality__in", ["", "A", "B", "C", "D"])),
                name="projects_result_revision_data_quality",
            ),
        ),
        migrations.AddField(
            model_name="resultline",
            name="factor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="climate.emissionfactor",
                verbose_name="emission factor version",
            ),
        ),
        migrations.AddField(
            model_name="resultline",
            name="result",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lines",
                to="projects.projectresult",
                verbose_name="result",
            ),
        ),
        migrations.AddField(
            model_name="resultrevisionline",
            name="entry",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lines",
                to="projects.resultrevision",
                verbose_name="pending result",
            ),
        ),
        migrations.AddField(
            model_name="resultrevisionline",
            name="factor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="climate.emissionfactor",
                verbose_name="emission factor version",
            ),
        ),
        migrations.AddConstraint(
            model_name="resultline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("quantity__gt", 0), ("quantity__lte", Decimal("999999999.999"))
                ),
                name="projects_resultline_quantity_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="resultline",
            constraint=models.CheckConstraint(
                condition=models.Q(("kg_co2e__gte", 0)), name="projects_resultline_kg_not_negative"
            ),
        ),
        migrations.AddConstraint(
            model_name="resultrevisionline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("quantity__gt", 0), ("quantity__lte", Decimal("999999999.999"))
                ),
                name="projects_resultrevisionline_quantity_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="resultrevisionline",
            constraint=models.CheckConstraint(
                condition=models.Q(("kg_co2e__gte", 0)),
                name="projects_resultrevisionline_kg_not_negative",
            ),
        ),
    ]
