from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from home.groups import DPO, grant_model_permissions
from home.permission_policies import ReadOnlyPermissionPolicy

from .models import PloneImport, PloneObject
from .views import (
    ImportedObjectIndexView,
    ImportIndexView,
    ImportInspectView,
    StartAgainView,
    UploadView,
    imported_object_column,
    status_column,
)

# Whoever reads the import reports also sees what the imports made.
REPORT_PERMISSIONS = ["plone.view_ploneimport", "plone.view_ploneobject"]

# The import writes these rows; nobody edits them, superusers included.
register_permission_policy(PloneImport, ReadOnlyPermissionPolicy(PloneImport))
register_permission_policy(PloneObject, ReadOnlyPermissionPolicy(PloneObject))


class PloneImportViewSet(ModelViewSet):
    model = PloneImport
    menu_label = _("Imports")
    index_view_class = ImportIndexView
    inspect_view_class = ImportInspectView
    icon = "download"
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []
    list_display = [
        "source",
        status_column(),
        "outcome",
        "created",
        "updated",
        "unchanged",
        "skipped",
        "started_at",
    ]
    list_filter = ["status", "outcome"]
    inspect_view_fields = [
        "source",
        "status",
        "outcome",
        "parent",
        "requested_at",
        "started_at",
        "finished_at",
        "created",
        "updated",
        "unchanged",
        "skipped",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("upload/", UploadView.as_view(), name="upload"),
            path("start-again/<int:pk>/", StartAgainView.as_view(), name="start_again"),
        ]


class PloneObjectViewSet(ModelViewSet):
    """Which page, image or document each imported Plone item became."""

    model = PloneObject
    menu_label = _("Imported items")
    index_view_class = ImportedObjectIndexView
    icon = "list-ul"
    inspect_view_enabled = False
    copy_view_enabled = False
    form_fields = []
    list_display = ["path", "portal_type", "language", imported_object_column()]
    list_filter = ["portal_type", "language"]
    search_fields = ["path"]


class PloneViewSetGroup(ModelViewSetGroup):
    menu_label = _("Plone import")
    menu_icon = "download"
    menu_order = 900
    items = (
        PloneImportViewSet("plone_imports", url_prefix="plone-imports"),
        PloneObjectViewSet("plone_objects", url_prefix="plone-objects"),
    )


@hooks.register("register_admin_viewset")
def register_plone_admin():
    return PloneViewSetGroup()


@hooks.register("load_initial_data")
def plone_initial_data(command, home, **kwargs):
    from django.apps import apps

    grant_model_permissions(apps, DPO, REPORT_PERMISSIONS)
