"""The consensus decisions move from meetings into this app. The tables keep their names
(`meetings_proposal`, `meetings_position`, `meetings_decisioncounter`) and their rows: only
Django's state changes here; the content types follow the models, so permissions and admin
history stay attached. meetings 0006 drops the models from its state."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ["proposal", "position", "decisioncounter"]


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
    _move_content_types(apps, schema_editor, "meetings", "decisions")


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "decisions", "meetings")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The last migration of meetings that holds these models (their tables were created
        # in meetings 0004).
        ('meetings', '0005_bodies_and_memberships_to_partners'),
        ('partners', '0002_bodies_and_memberships_from_meetings'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DecisionCounter',
                    fields=[
                        ('year', models.PositiveIntegerField(primary_key=True, serialize=False, verbose_name='year')),
                        ('last_number', models.PositiveIntegerField(default=0, verbose_name='last number')),
                    ],
                    options={
                        'verbose_name': 'decision counter',
                        'verbose_name_plural': 'decision counters',
                        'db_table': 'meetings_decisioncounter',
                    },
                ),
                migrations.CreateModel(
                    name='Proposal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('text', models.TextField(help_text='Markdown.', max_length=20000, verbose_name='text of the proposal')),
                        ('procedure', models.CharField(choices=[('sitzung', 'In a meeting'), ('umlauf', 'Written procedure')], max_length=10, verbose_name='procedure')),
                        ('deadline', models.DateTimeField(blank=True, null=True, verbose_name='deadline')),
                        ('state', models.CharField(choices=[('entwurf', 'Draft'), ('offen', 'Open'), ('angenommen', 'Adopted'), ('nicht_angenommen', 'Not adopted'), ('zurueckgezogen', 'Withdrawn')], default='entwurf', max_length=20, verbose_name='state')),
                        ('number', models.CharField(blank=True, max_length=20, null=True, unique=True, verbose_name='number')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('review_on', models.DateField(blank=True, null=True, verbose_name='review on')),
                        ('consent_count', models.PositiveIntegerField(default=0, verbose_name='consent')),
                        ('abstain_count', models.PositiveIntegerField(default=0, verbose_name='stand aside')),
                        ('objection_count', models.PositiveIntegerField(default=0, verbose_name='objection')),
                        ('silent_count', models.PositiveIntegerField(default=0, verbose_name='silent, counted as consent')),
                        ('participant_count', models.PositiveIntegerField(default=0, verbose_name='partners taking part')),
                        ('result_summary', models.TextField(blank=True, verbose_name='result')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                        ('opened_at', models.DateTimeField(blank=True, null=True, verbose_name='opened at')),
                        ('reminder_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='reminder sent at')),
                        ('agenda_item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='proposals', to='meetings.agendaitem', verbose_name='agenda item')),
                        ('body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='proposals', to='partners.body', verbose_name='body')),
                        ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='closed by')),
                        ('corrects', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='decisions.proposal', verbose_name='corrects')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                    ],
                    options={
                        'verbose_name': 'proposal',
                        'verbose_name_plural': 'proposals',
                        'db_table': 'meetings_proposal',
                        'ordering': ['-decided_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Position',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.CharField(choices=[('zustimmung', 'Consent'), ('enthaltung', 'Stand aside'), ('einwand', 'Objection')], max_length=20, verbose_name='position')),
                        ('reason', models.TextField(blank=True, max_length=5000, verbose_name='reason')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('stated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='stated at')),
                        ('is_current', models.BooleanField(default=True, verbose_name='current')),
                        ('partner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decision_positions', to='partners.partner', verbose_name='partner')),
                        ('stated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='stated by')),
                        ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='positions', to='decisions.proposal', verbose_name='proposal')),
                    ],
                    options={
                        'verbose_name': 'position',
                        'verbose_name_plural': 'positions',
                        'db_table': 'meetings_position',
                        'ordering': ['proposal', 'partner__name', '-stated_at', '-pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='proposal',
                    index=models.Index(fields=['state', 'decided_at'], name='meetings_pr_state_74ddfe_idx'),
                ),
                migrations.AddConstraint(
                    model_name='proposal',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('agenda_item__isnull', True), ('deadline__isnull', False), ('procedure', 'umlauf')), models.Q(('agenda_item__isnull', False), ('deadline__isnull', True), ('procedure', 'sitzung')), _connector='OR'), name='meetings_proposal_meeting_or_written', violation_error_message='A proposal is decided either in a meeting (agenda item) or in a written procedure (deadline).'),
                ),
                migrations.AddConstraint(
                    model_name='proposal',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('state__in', ['angenommen', 'nicht_angenommen']), _negated=True), models.Q(('decided_at__isnull', False), ('number__isnull', False)), _connector='OR'), name='meetings_proposal_decided_has_number'),
                ),
                migrations.AddConstraint(
                    model_name='position',
                    constraint=models.UniqueConstraint(condition=models.Q(('is_current', True)), fields=('proposal', 'partner'), name='meetings_position_one_current'),
                ),
                migrations.AddConstraint(
                    model_name='position',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('value', 'einwand'), _negated=True), models.Q(('reason', ''), _negated=True), _connector='OR'), name='meetings_position_objection_reason', violation_error_message='Please give the reason for your objection.'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
