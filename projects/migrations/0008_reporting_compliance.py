from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_activity_results")]

    operations: list = []
