"""Body and Membership now belong to partners (partners 0002 adopted them with their tables);
remove them from this app's state only. No table is dropped or changed."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_decisions'),
        ('partners', '0002_bodies_and_memberships_from_meetings'),
        ('projects', '0002_field_of_action_partners_body'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='proposal',
                    name='body',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='proposals', to='partners.body', verbose_name='body'),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='body',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='partners.body', verbose_name='body'),
                ),
                migrations.DeleteModel(name='Membership'),
                migrations.DeleteModel(name='Body'),
            ],
            database_operations=[],
        ),
    ]
