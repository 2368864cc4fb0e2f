"""Project images get unguessable names: a draft's image URL must neither show the original
file name nor be guessable. Existing files are copied to a random name (the old file is
removed after the commit); the media view serves only names a project holds, so a left-over
old file is not reachable anyway."""

import re

from django.db import migrations, models, transaction

import projects.models
import projects.validators

FOLDER = "projects/images/"
RANDOM_NAME = re.compile(r"[0-9a-f]{32}(\.[a-z]+)?")


def rename_images(apps, schema_editor):
    from django.core.files.storage import default_storage

    from core.media import unguessable_image_name

    Project = apps.get_model("projects", "Project")
    Historical = apps.get_model("projects", "HistoricalProject")
    obsolete = []
    for project in Project.objects.exclude(image="").only("pk", "image").iterator():
        old = project.image.name
        if RANDOM_NAME.fullmatch(old.removeprefix(FOLDER)) or not default_storage.exists(old):
            continue
        with default_storage.open(old, "rb") as source:
            new = default_storage.save(unguessable_image_name(FOLDER, old), source)
        Project.objects.filter(pk=project.pk).update(image=new)
        Historical.objects.filter(id=project.pk, image=old).update(image=new)
        obsolete.append(old)
    transaction.on_commit(lambda: [default_storage.delete(name) for name in obsolete])


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_revisions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="project",
            name="image",
            field=models.ImageField(
                blank=True,
                help_text="PNG, JPEG or WebP, at most 5 MB.",
                upload_to=projects.models.project_image_path,
                validators=[projects.validators.validate_project_image],
                verbose_name="image",
            ),
        ),
        migrations.RunPython(rename_images, migrations.RunPython.noop),
    ]
