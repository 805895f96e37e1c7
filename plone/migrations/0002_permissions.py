"""The DPO reads the reports of Plone imports (superusers read everything).

Carries its own copy of what it needs: migrations never import the site's
code, which changes after they are written.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {"Data protection officer": ["plone.view_ploneimport"]}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Django creates permissions after the whole migrate; these are needed now.
    app_config = apps.get_app_config("plone")
    app_config.models_module = getattr(app_config, "models_module", None) or True
    create_permissions(app_config, apps=apps, verbosity=0)
    for group_name, names in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("plone", "0001_initial"),
        ("home", "0002_admin_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
