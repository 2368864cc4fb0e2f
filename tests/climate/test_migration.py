"""The move of the city balance from reports to climate loses no row: a database in the old
layout with a balance and a target path is migrated forward, and the rows are found again
through climate's models, in the same tables, with their content types; the default factor set
is seeded."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from climate.models import CityEmissions, EmissionFactor, TargetPath

BEFORE = [("reports", "0002_annualreport"), ("climate", None)]


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_the_balance_and_the_target_path(latest_schema_afterwards):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([("reports", "0002_annualreport")]).apps
    OldEmissions = old.get_model("reports", "CityEmissions")
    OldPath = old.get_model("reports", "TargetPath")
    OldContentType = old.get_model("contenttypes", "ContentType")
    OldContentType.objects.get_or_create(app_label="reports", model="cityemissions")
    for year, total in ((2010, "2100000.5"), (2020, "1600000")):
        OldEmissions.objects.create(
            year=year, total_t=Decimal(total), population=230_000, source="Alt", note="n"
        )
    OldPath.objects.create(base_year=2010)
    old_type = OldContentType.objects.get(app_label="reports", model="cityemissions").pk

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    rows = list(CityEmissions.objects.order_by("year"))
    assert [(r.year, r.total_t, r.source, r.note) for r in rows] == [
        (2010, Decimal("2100000.5"), "Alt", "n"),
        (2020, Decimal("1600000"), "Alt", "n"),
    ]
    assert not any(r.preliminary or r.has_sectors for r in rows)
    assert TargetPath.objects.get().base_year == 2010
    assert ContentType.objects.get_for_model(CityEmissions).pk == old_type
    assert EmissionFactor.objects.filter(version=1).count() == 8
