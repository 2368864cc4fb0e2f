"""The city balance and the target path now belong to the climate app (climate 0001 adopted
them with their tables); remove them from this app's state only. No table is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_annualreport"),
        ("climate", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CityEmissions"),
                migrations.DeleteModel(name="TargetPath"),
            ],
            database_operations=[],
        ),
    ]
