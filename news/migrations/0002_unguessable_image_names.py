"""News images get unguessable names: the image URL of a scheduled post must neither show the
original file name nor be guessable. Existing files are copied to a random name (the old file
is removed after the commit); the media view serves only names a post holds."""

import re

from django.db import migrations, models, transaction

import core.uploads
import news.models

FOLDER = "news/"
RANDOM_NAME = re.compile(r"[0-9a-f]{32}(\.[a-z]+)?")


def rename_images(apps, schema_editor):
    from django.core.files.storage import default_storage

    from core.media import unguessable_image_name

    Post = apps.get_model("news", "Post")
    obsolete = []
    for post in Post.objects.exclude(image="").only("pk", "image").iterator():
        old = post.image.name
        if RANDOM_NAME.fullmatch(old.removeprefix(FOLDER)) or not default_storage.exists(old):
            continue
        with default_storage.open(old, "rb") as source:
            new = default_storage.save(unguessable_image_name(FOLDER, old), source)
        Post.objects.filter(pk=post.pk).update(image=new)
        obsolete.append(old)
    transaction.on_commit(lambda: [default_storage.delete(name) for name in obsolete])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="post",
            name="image",
            field=models.ImageField(
                blank=True,
                help_text="PNG, JPEG or WebP, at most 5 MB.",
                upload_to=news.models.post_image_path,
                validators=[core.uploads.ImageValidator(5)],
                verbose_name="image",
            ),
        ),
        migrations.RunPython(rename_images, migrations.RunPython.noop),
    ]
