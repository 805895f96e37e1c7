from django.db import migrations

DPO_PERMISSIONS = [
    "privacy.add_registereduser",
    "privacy.change_registereduser",
    "privacy.delete_registereduser",
    "privacy.view_registereduser",
    "privacy.view_consentevent",
]


def grant(apps, schema_editor):
    from home.groups import DPO, grant_model_permissions

    grant_model_permissions(apps, DPO, DPO_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0003_registered_users"),
        ("home", "0002_admin_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
