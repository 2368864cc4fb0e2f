import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import portal.models


def forwards(apps, schema_editor):
    from portal.legal_defaults import ensure_legal_pages, update_accessibility_statement

    LegalPage = apps.get_model("portal", "LegalPage")
    ensure_legal_pages(LegalPage)
    update_accessibility_statement(LegalPage)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_default_legal_pages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="legalpage",
            name="slug",
            field=models.SlugField(
                choices=[
                    ("impressum", "Legal notice"),
                    ("datenschutz", "Privacy notice"),
                    ("barrierefreiheit", "Accessibility statement"),
                    ("leichte-sprache", "Easy-to-read German"),
                    ("gebaerdensprache", "German Sign Language"),
                ],
                unique=True,
                verbose_name="page",
            ),
        ),
        migrations.CreateModel(
            name="SignLanguageVideo",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "description",
                    models.CharField(
                        blank=True,
                        help_text="What the video explains, for people who cannot watch it.",
                        max_length=500,
                        verbose_name="short description",
                    ),
                ),
                (
                    "video",
                    models.FileField(
                        upload_to=portal.models.sign_language_upload_path,
                        verbose_name="video (MP4 or WebM)",
                    ),
                ),
                ("video_type", models.CharField(editable=False, max_length=20, verbose_name="video format")),
                (
                    "captions",
                    models.FileField(
                        help_text="A .vtt file with the spoken and signed content as text.",
                        upload_to=portal.models.sign_language_upload_path,
                        verbose_name="captions (WebVTT)",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "sign-language video",
                "verbose_name_plural": "sign-language videos",
                "ordering": ["position", "pk"],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
