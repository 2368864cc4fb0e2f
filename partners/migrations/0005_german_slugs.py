from django.db import migrations

# Paths below /partner/ that a partner's slug must not shadow (partners.services).
RESERVED = {"registrieren", "einladung"}


def forwards(apps, schema_editor):
    from core.slugs import migrate_to_german_slugs

    migrate_to_german_slugs(
        apps, model="partners.Partner", source="name", fallback="partner", reserved=RESERVED
    )
    migrate_to_german_slugs(apps, model="partners.Sector", source="name", fallback="branche")


class Migration(migrations.Migration):
    # "okostrom-fur-alle" becomes "oekostrom-fuer-alle"; the old address keeps redirecting.
    dependencies = [
        ("partners", "0004_membership_ended"),
        ("core", "0002_slug_alias"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
