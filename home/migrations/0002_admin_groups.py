"""The three admin groups: Editors, Data protection officer, Communications.

Each app grants its own models' permissions in its own data migration. This
one carries its own copy of what it needs: migrations never import the
site's code, which changes after they are written (``home.groups`` is the
live version that ``load_initial_data`` runs again).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
DPO = "Data protection officer"
COMMUNICATIONS = "Communications"
MODEL_PERMISSIONS = {
    EDITORS: ["wagtailadmin.access_admin", "home.change_sitesettings"],
    DPO: [
        "wagtailadmin.access_admin",
        "home.change_sitesettings",
        "wagtailforms.view_formsubmission",
        "wagtailforms.delete_formsubmission",
    ],
    COMMUNICATIONS: ["wagtailadmin.access_admin"],
}
# Editors and the DPO edit pages from the root down.
PAGE_GROUPS = (EDITORS, DPO)
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    # Django creates permissions after the whole migrate; these are needed now.
    for label in (
        "wagtailadmin",
        "home",
        "wagtailforms",
        "wagtailcore",
        "wagtailimages",
        "wagtaildocs",
    ):
        app_config = apps.get_app_config(label)
        app_config.models_module = getattr(app_config, "models_module", None) or True
        create_permissions(app_config, apps=apps, verbosity=0)

    def permission(dotted):
        app_label, codename = dotted.split(".")
        return Permission.objects.get(
            content_type__app_label=app_label, codename=codename
        )

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for group_name, names in MODEL_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*(permission(name) for name in names))
        if root_collection is not None:
            for name in COLLECTION_PERMISSIONS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission(name)
                )
        if root_page is not None and group_name in PAGE_GROUPS:
            for codename in PAGE_PERMISSIONS:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page_id=root_page.pk,
                    permission=permission(f"wagtailcore.{codename}"),
                )
    # Wagtail creates "Moderators"; this site's roles replace it when unused.
    Group.objects.filter(name="Moderators", user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailforms", "0005_alter_formsubmission_form_data"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
