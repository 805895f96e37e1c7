from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from home.groups import DPO, grant_model_permissions
from home.permission_policies import ReadOnlyPermissionPolicy

from .models import PloneImport
from .views import ImportIndexView, ImportInspectView, UploadView

REPORT_PERMISSIONS = ["plone.view_ploneimport"]

# The import writes these rows; nobody edits them, superusers included.
register_permission_policy(PloneImport, ReadOnlyPermissionPolicy(PloneImport))


class PloneImportViewSet(ModelViewSet):
    model = PloneImport
    menu_label = _("Plone import")
    index_view_class = ImportIndexView
    inspect_view_class = ImportInspectView
    icon = "download"
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []
    list_display = [
        "source",
        "status",
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
        ]


@hooks.register("register_admin_viewset")
def register_plone_import_admin():
    return PloneImportViewSet("plone_imports", url_prefix="plone-imports")


@hooks.register("load_initial_data")
def plone_initial_data(command, home, **kwargs):
    from django.apps import apps

    grant_model_permissions(apps, DPO, REPORT_PERMISSIONS)
