from django.db import migrations

DPO_PERMISSIONS = [
    "privacy.add_datasubjectrequest",
    "privacy.change_datasubjectrequest",
    "privacy.view_datasubjectrequest",
    "privacy.view_requestevent",
    "privacy.change_retentionsettings",
    "privacy.view_retentionsettings",
    "privacy.view_statistics",
]
COMMUNICATIONS_PERMISSIONS = ["privacy.view_statistics"]


def grant(apps, schema_editor):
    from home.groups import COMMUNICATIONS, DPO, grant_model_permissions

    grant_model_permissions(apps, DPO, DPO_PERMISSIONS)
    grant_model_permissions(apps, COMMUNICATIONS, COMMUNICATIONS_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0005_people_rights_visits_retention"),
        ("home", "0002_admin_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
