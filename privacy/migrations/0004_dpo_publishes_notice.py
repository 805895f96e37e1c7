from django.db import migrations


def grant(apps, schema_editor):
    from home.groups import DPO, grant_model_permissions

    grant_model_permissions(apps, DPO, ["privacy.publish_notice"])


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0003_notice_versions_workflow"),
        ("home", "0002_admin_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
