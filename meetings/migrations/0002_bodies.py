from django.db import migrations


def create_bodies(apps, schema_editor):
    from partners.reference_data import ensure_bodies

    ensure_bodies(apps.get_model("meetings", "Body"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(create_bodies, migrations.RunPython.noop)]
