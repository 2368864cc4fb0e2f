"""The default emission factor set (version 1 of each carrier), from public sources. None is
confirmed: /methodik/ marks them "vom Fachamt zu bestätigen" until staff confirm them."""

from django.db import migrations


def seed(apps, schema_editor):
    from climate.reference_data import ensure_default_factors

    ensure_default_factors(
        apps.get_model("climate", "EmissionFactor"), using=schema_editor.connection.alias
    )


def unseed(apps, schema_editor):
    EmissionFactor = apps.get_model("climate", "EmissionFactor")
    EmissionFactor.objects.using(schema_editor.connection.alias).filter(
        version=1, confirmed=False
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("climate", "0002_balance_sectors_and_emission_factors"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
