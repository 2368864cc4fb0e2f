from django.db import migrations


def load_defaults(apps, schema_editor):
    from klimaportal.legal_defaults import ensure_legal_pages

    ensure_legal_pages(apps.get_model("klimaportal", "LegalPage"))


class Migration(migrations.Migration):
    dependencies = [("klimaportal", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
