"""Body and Membership move from meetings to partners (sectors, projects, meetings and
proposals refer to them). The tables keep their names (`meetings_body`, `meetings_membership`):
only Django's state changes here, no row is copied; the content types follow the models, so
permissions and admin history stay attached. meetings 0005 drops the models from its state."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ["body", "membership"]


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
    _move_content_types(apps, schema_editor, "meetings", "partners")


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "partners", "meetings")


class Migration(migrations.Migration):

    dependencies = [
        ("partners", "0001_initial"),
        # The tables were created there; this is the last migration of the old layout.
        ("meetings", "0004_decisions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Body',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, unique=True, verbose_name='name')),
                        ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                        ('kind', models.CharField(choices=[('plenum', 'plenary'), ('facharbeitsgruppe', 'working group')], max_length=20, verbose_name='kind')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                    ],
                    options={
                        'verbose_name': 'body',
                        'verbose_name_plural': 'bodies',
                        'db_table': 'meetings_body',
                        'ordering': ['position', 'name'],
                    },
                ),
                migrations.AlterField(
                    model_name='sector',
                    name='working_groups',
                    field=models.ManyToManyField(blank=True, limit_choices_to={'kind': 'facharbeitsgruppe'}, related_name='sectors', to='partners.body', verbose_name='fitting working groups'),
                ),
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('leitung', 'Lead'), ('stellvertretung', 'Deputy'), ('mitglied', 'Member')], default='mitglied', max_length=20, verbose_name='role')),
                        ('valid_from', models.DateField(default=django.utils.timezone.localdate, verbose_name='from')),
                        ('valid_until', models.DateField(blank=True, null=True, verbose_name='until')),
                        ('status', models.CharField(choices=[('vorgeschlagen', 'Proposed'), ('bestaetigt', 'Confirmed'), ('abgelehnt', 'Rejected')], default='vorgeschlagen', max_length=20, verbose_name='status')),
                        ('proposed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='proposed at')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed or rejected at')),
                        ('body', models.ForeignKey(limit_choices_to={'kind': 'facharbeitsgruppe'}, on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='partners.body', verbose_name='working group')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='confirmed or rejected by')),
                        ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='partners.partner', verbose_name='partner')),
                        ('proposed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='proposed by')),
                        ('representative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='representative')),
                    ],
                    options={
                        'verbose_name': 'membership',
                        'verbose_name_plural': 'memberships',
                        'db_table': 'meetings_membership',
                        'ordering': ['body__position', 'partner__name'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('valid_until__isnull', True), models.Q(('status', 'abgelehnt'), _negated=True)), fields=('body', 'representative'), name='meetings_membership_one_open_per_person', violation_error_message='This person is already proposed for or a member of this working group.'), models.CheckConstraint(condition=models.Q(('valid_until__isnull', True), ('valid_until__gte', models.F('valid_from')), _connector='OR'), name='meetings_membership_until_after_from', violation_error_message='The end date must not be before the start date.')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
