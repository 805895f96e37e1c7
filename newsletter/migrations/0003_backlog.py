"""How long changes have waited for Mailchimp, and the one alert a backlog gets.

Rows already waiting count from their last change: the best the outbox knew.
"""

import django.utils.timezone
from django.db import migrations, models


def waiting_since_last_change(apps, schema_editor):
    SyncRecord = apps.get_model("newsletter", "SyncRecord")
    SyncRecord.objects.filter(state="pending").update(
        waiting_since=models.F("changed_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0002_permissions"),
    ]

    operations = [
        migrations.CreateModel(
            name="BacklogAlert",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "sent_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="sent"
                    ),
                ),
                (
                    "waiting_since",
                    models.DateTimeField(verbose_name="oldest change waiting since"),
                ),
                (
                    "waiting",
                    models.PositiveIntegerField(verbose_name="changes waiting"),
                ),
                (
                    "recipients",
                    models.PositiveIntegerField(verbose_name="recipients"),
                ),
                (
                    "cleared_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="backlog cleared"
                    ),
                ),
            ],
            options={
                "verbose_name": "newsletter backlog alert",
                "verbose_name_plural": "newsletter backlog alerts",
                "ordering": ["-sent_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="syncrecord",
            name="waiting_since",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="waiting since"
            ),
        ),
        migrations.RunPython(waiting_since_last_change, migrations.RunPython.noop),
    ]
