from django.db import migrations


def load_defaults(apps, schema_editor):
    from portal.legal_defaults import ensure_legal_pages

    ensure_legal_pages(apps.get_model("portal", "LegalPage"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
