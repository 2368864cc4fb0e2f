"""The city balance and the target path move from reports into this app. The tables keep
their names (`reports_cityemissions`, `reports_targetpath`) and their rows: only Django's
state changes here; the content types follow the models. reports 0003 drops the models from
its state."""

import django.core.validators
from decimal import Decimal
from django.db import migrations, models

MODELS = ["cityemissions", "targetpath"]


def _move_content_types(apps, schema_editor, old_label, new_label):
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    for model in MODELS:
        old = ContentType.objects.using(db).filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        # A content type made for the new label in between (post_migrate on a partly migrated
        # database) holds nothing of value; the old one carries permissions and history.
        stale = ContentType.objects.using(db).filter(app_label=new_label, model=model)
        Permission.objects.using(db).filter(content_type__in=stale).delete()
        stale.delete()
        old.app_label = new_label
        old.save(update_fields=["app_label"])
    CurrentContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "reports", "climate")


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "climate", "reports")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The last migration of reports that holds these models (created in reports 0001).
        ('reports', '0002_annualreport'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='TargetPath',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('base_year', models.PositiveSmallIntegerField(help_text='The path starts at the per-capita emissions of this year.', validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2049)], verbose_name='base year')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                    ],
                    options={
                        'verbose_name': 'target path',
                        'verbose_name_plural': 'target path',
                        'db_table': 'reports_targetpath',
                    },
                ),
                migrations.CreateModel(
                    name='CityEmissions',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(unique=True, validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                        ('total_t', models.DecimalField(decimal_places=1, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0.1')), django.core.validators.MaxValueValidator(Decimal('100000000'))], verbose_name='total emissions (t CO2e)')),
                        ('population', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10000000)], verbose_name='population')),
                        ('source', models.CharField(max_length=300, verbose_name='source')),
                        ('note', models.TextField(blank=True, max_length=2000, verbose_name='note')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                    ],
                    options={
                        'verbose_name': 'city emissions',
                        'verbose_name_plural': 'city emissions',
                        'ordering': ['year'],
                        'db_table': 'reports_cityemissions',
                        'constraints': [models.CheckConstraint(condition=models.Q(('total_t__gt', 0), ('population__gt', 0)), name='reports_cityemissions_positive')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
