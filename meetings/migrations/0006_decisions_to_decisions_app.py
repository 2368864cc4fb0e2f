"""Proposals, positions and decision counters now belong to the decisions app (decisions 0001
adopted them with their tables); remove them from this app's state only. No table is dropped."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0005_bodies_and_memberships_to_partners'),
        ('decisions', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Position'),
                migrations.DeleteModel(name='Proposal'),
                migrations.DeleteModel(name='DecisionCounter'),
            ],
            database_operations=[],
        ),
    ]
