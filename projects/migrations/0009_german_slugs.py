from django.db import migrations


def forwards(apps, schema_editor):
    from core.slugs import migrate_to_german_slugs

    migrate_to_german_slugs(apps, model="projects.Project", source="title", fallback="projekt")


class Migration(migrations.Migration):
    # Old addresses ("warmepumpen-im-quartier") keep working as redirects to the German ones.
    dependencies = [
        ("projects", "0008_reporting_compliance"),
        ("core", "0002_slug_alias"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
