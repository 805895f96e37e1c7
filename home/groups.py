"""The admin groups and what each may do.

Used by data migrations (with historical models) and by
``load_initial_data`` (with the live ones), so every call takes ``apps``.
Everything here is idempotent.
"""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
DPO = "Data protection officer"
COMMUNICATIONS = "Communications"
ALL_GROUPS = (EDITORS, DPO, COMMUNICATIONS)

PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
)
IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")
DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")

# Model permissions ("app_label.codename") per group, beyond page and
# collection permissions. Apps that add personal-data models extend these
# from their own migrations with grant_model_permissions().
MODEL_PERMISSIONS = {
    EDITORS: [
        "wagtailadmin.access_admin",
        "home.change_sitesettings",
        "home.add_navigation",
        "home.change_navigation",
    ],
    DPO: [
        "wagtailadmin.access_admin",
        "home.change_sitesettings",
        "home.add_navigation",
        "home.change_navigation",
        "home.change_contact_addresses",
        "wagtailforms.view_formsubmission",
        "wagtailforms.delete_formsubmission",
    ],
    COMMUNICATIONS: ["wagtailadmin.access_admin"],
}
PAGE_GROUPS = (EDITORS, DPO)


def ensure_permissions_exist(apps):
    """Create content types and permissions now, not at the end of migrate."""
    for app_config in apps.get_app_configs():
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = had_models or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models


def get_permission(apps, dotted):
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_model_permissions(apps, group_name, dotted_names):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    try:
        permissions = [get_permission(apps, name) for name in dotted_names]
    except Permission.DoesNotExist:
        # Inside migrate, before its post_migrate signal creates them.
        ensure_permissions_exist(apps)
        permissions = [get_permission(apps, name) for name in dotted_names]
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*permissions)
    return group


def grant_page_permissions(apps, group_name, page, codenames=PAGE_PERMISSIONS):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    group = Group.objects.get(name=group_name)
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page_id=page.pk,
            permission=get_permission(apps, f"wagtailcore.{codename}"),
        )


def grant_collection_permissions(apps, group_name):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    group = Group.objects.get(name=group_name)
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for dotted in [f"wagtailimages.{c}" for c in IMAGE_PERMISSIONS] + [
        f"wagtaildocs.{c}" for c in DOCUMENT_PERMISSIONS
    ]:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=get_permission(apps, dotted)
        )


def remove_unused_default_groups(apps):
    """Wagtail creates "Moderators"; this site's roles replace it when unused."""
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Moderators", user__isnull=True).delete()


def setup_groups(apps):
    Page = apps.get_model("wagtailcore", "Page")
    root_page = Page.objects.filter(depth=1).first()
    for group_name in ALL_GROUPS:
        grant_model_permissions(apps, group_name, MODEL_PERMISSIONS[group_name])
        grant_collection_permissions(apps, group_name)
    if root_page is not None:
        for group_name in PAGE_GROUPS:
            grant_page_permissions(apps, group_name, root_page)
    remove_unused_default_groups(apps)


def member_addresses(*group_names):
    """Email addresses of the active members of these groups, sorted, once each."""
    from django.contrib.auth import get_user_model

    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=group_names)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted({email.strip() for email in users if email.strip()})
