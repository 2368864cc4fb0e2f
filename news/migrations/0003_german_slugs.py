from django.db import migrations


def forwards(apps, schema_editor):
    from core.slugs import migrate_to_german_slugs

    migrate_to_german_slugs(apps, model="news.Post", source="title", fallback="beitrag")


class Migration(migrations.Migration):
    # Old addresses ("klimaallianz-begrut-drei-neue-partner") keep working as redirects.
    dependencies = [
        ("news", "0002_unguessable_image_names"),
        ("core", "0002_slug_alias"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
