from django.db import migrations

SYNC_PERMISSIONS = [
    "newsletter.view_syncrecord",
    "newsletter.change_syncrecord",
    "newsletter.view_reconciliationreport",
    "newsletter.view_webhookevent",
]


def grant(apps, schema_editor):
    from home.groups import COMMUNICATIONS, DPO, grant_model_permissions

    for group in (COMMUNICATIONS, DPO):
        grant_model_permissions(apps, group, SYNC_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_sync_outbox"),
        ("home", "0002_admin_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
