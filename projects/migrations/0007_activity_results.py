from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_date_and_year_ranges")]

    operations: list = []
