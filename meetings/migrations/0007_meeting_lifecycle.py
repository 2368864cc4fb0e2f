"""Meeting lifecycle (#16): meetings recorded after the fact, the attendance mode of an RSVP
for hybrid meetings and the people present for a partner."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_decisions_to_decisions_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="people",
            field=models.ManyToManyField(
                blank=True,
                related_name="meeting_attendances",
                to=settings.AUTH_USER_MODEL,
                verbose_name="people present",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="recorded_afterwards",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="recorded afterwards"
            ),
        ),
        migrations.AddField(
            model_name="rsvp",
            name="mode",
            field=models.CharField(
                blank=True,
                choices=[("vor_ort", "in person (on site)"), ("online", "online")],
                max_length=10,
                verbose_name="attendance mode",
            ),
        ),
    ]
