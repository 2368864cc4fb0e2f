from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_decisions_to_decisions_app")]

    operations: list = []
