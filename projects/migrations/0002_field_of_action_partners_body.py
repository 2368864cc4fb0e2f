"""Body moved to partners (partners 0002); the foreign keys point at the same table, so only
Django's state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0002_bodies_and_memberships_from_meetings'),
        ('projects', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalproject',
                    name='field_of_action',
                    field=models.ForeignKey(blank=True, db_constraint=False, help_text='The working group whose topic the project belongs to.', limit_choices_to={'kind': 'facharbeitsgruppe'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partners.body', verbose_name='field of action'),
                ),
                migrations.AlterField(
                    model_name='project',
                    name='field_of_action',
                    field=models.ForeignKey(help_text='The working group whose topic the project belongs to.', limit_choices_to={'kind': 'facharbeitsgruppe'}, on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='partners.body', verbose_name='field of action'),
                ),
            ],
            database_operations=[],
        ),
    ]
