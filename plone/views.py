import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import FormView, View
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.widgets.button import HeaderButton

from . import runs
from .forms import UploadForm
from .models import PloneImport
from .tasks import queue

# Whoever reads the reports runs imports: the DPO and superusers.
PERMISSION = "plone.view_ploneimport"


def refuse(request):
    # A plain 403: Wagtail would turn PermissionDenied into a redirect to
    # the dashboard.
    return permission_denied(request, PermissionDenied())


class UploadView(WagtailAdminTemplateMixin, FormView):
    template_name = "plone/admin/upload.html"
    form_class = UploadForm
    page_title = gettext_lazy("Import a Plone export")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return refuse(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("plone_imports:index"), "label": _("Plone imports")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["max_mb"] = settings.PLONE_IMPORT_MAX_UPLOAD_MB
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["export"]
        name = runs.upload_storage().save(f"{uuid.uuid4().hex}.zip", upload)
        with transaction.atomic():
            kept = PloneImport.objects.create(
                source=get_valid_filename(upload.name)[:255] or "export.zip",
                status=PloneImport.Status.WAITING,
                dry_run=form.cleaned_data["dry_run"],
                parent=form.cleaned_data["parent"],
                upload=name,
            )
            queue(kept)
        messages.success(
            self.request,
            _("The export is uploaded; its import runs in the background."),
        )
        return redirect("plone_imports:inspect", kept.pk)


class ImportInspectView(InspectView):
    """A run's progress, refreshed while it is under way, then its report."""

    template_name = "plone/admin/inspect.html"
    refresh_seconds = 3

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        interrupted = runs.interrupted(self.object)
        context["interrupted"] = interrupted
        context["can_start_again"] = self.request.user.has_perm(PERMISSION)
        context["processed"] = runs.processed(self.object)
        context["refresh_seconds"] = (
            self.refresh_seconds
            if self.object.in_progress and not interrupted
            else None
        )
        return context


class StartAgainView(View):
    """Queue an interrupted import again, with the export it was given."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not request.user.has_perm(PERMISSION):
            return refuse(request)
        with transaction.atomic():
            kept = get_object_or_404(PloneImport.objects.select_for_update(), pk=pk)
            if not runs.interrupted(kept):
                messages.error(
                    request,
                    _("This import is not interrupted: it cannot be started again."),
                )
            elif runs.start_again(kept):
                queue(kept)
                messages.success(request, _("The import is queued again."))
            else:
                messages.error(request, kept.error)
        return redirect("plone_imports:inspect", pk)


def status_column():
    return Column("status", label=gettext_lazy("Status"), accessor=runs.shown_status)


class ImportIndexView(IndexView):
    """The kept reports, and the way to a new import."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Import a Plone export"),
                    url=reverse("plone_imports:upload"),
                    icon_name="upload",
                )
            )
        return buttons


def imported_object_column():
    """The page, image or document an item became, linked to its edit view
    when the user may edit it."""
    return LinkToTarget("target", label=gettext_lazy("Imported as"))


class LinkToTarget(Column):
    cell_template_name = "plone/admin/target_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        target = instance.target
        request = parent_context.get("request")
        context["target"] = target
        context["edit_url"] = (
            AdminURLFinder(request.user).get_edit_url(target)
            if target is not None and request is not None
            else None
        )
        return context


class ImportedObjectIndexView(IndexView):
    default_ordering = "path"

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("target")
