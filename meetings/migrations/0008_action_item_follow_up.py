from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_meeting_lifecycle")]

    operations: list = []
