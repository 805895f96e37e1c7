"""The language of each imported item and the task of each admin import; the
DPO, who reads the import reports, sees the imported items too.

Carries its own copy of what it needs: migrations never import the site's
code, which changes after they are written.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

GRANTS = {"Data protection officer": ["plone.view_ploneobject"]}


def page_languages(apps, schema_editor):
    """Items that became pages are in their page's language; images and
    documents get theirs on the next import."""
    PloneObject = apps.get_model("plone", "PloneObject")
    Page = apps.get_model("wagtailcore", "Page")
    language = Page.objects.filter(
        pk=OuterRef("object_id"), content_type_id=OuterRef("content_type_id")
    ).values("locale__language_code")[:1]
    PloneObject.objects.filter(language="").update(
        language=Coalesce(Subquery(language), Value(""))
    )


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
        ("plone", "0003_import_runs"),
    ]

    operations = [
        migrations.AddField(
            model_name="ploneimport",
            name="task_id",
            field=models.CharField(
                blank=True,
                help_text="The task worker's task that runs this import.",
                max_length=64,
                verbose_name="task",
            ),
        ),
        migrations.AddField(
            model_name="ploneobject",
            name="language",
            field=models.CharField(blank=True, max_length=16, verbose_name="language"),
        ),
        migrations.RunPython(page_languages, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
