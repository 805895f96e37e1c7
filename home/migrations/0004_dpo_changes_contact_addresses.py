"""Only the data protection officer changes the addresses the notice shows.

Carries its own copy of what it needs: migrations never import the site's
code, which changes after they are written.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DPO = "Data protection officer"
PERMISSION = "change_contact_addresses"


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_config = apps.get_app_config("home")
    app_config.models_module = getattr(app_config, "models_module", None) or True
    create_permissions(app_config, apps=apps, verbosity=0)
    group, _created = Group.objects.get_or_create(name=DPO)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="home", codename=PERMISSION)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_contact_addresses_permission"),
        ("home", "0002_admin_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
