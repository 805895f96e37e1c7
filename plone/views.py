import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.widgets.button import HeaderButton

from . import runs
from .forms import UploadForm
from .models import PloneImport
from .tasks import queue

# Whoever reads the reports runs imports: the DPO and superusers.
PERMISSION = "plone.view_ploneimport"


class UploadView(WagtailAdminTemplateMixin, FormView):
    template_name = "plone/admin/upload.html"
    form_class = UploadForm
    page_title = gettext_lazy("Import a Plone export")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            # A plain 403: Wagtail would turn PermissionDenied into a
            # redirect to the dashboard.
            return permission_denied(request, PermissionDenied())
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
        context["processed"] = runs.processed(self.object)
        context["refresh_seconds"] = (
            self.refresh_seconds if self.object.in_progress else None
        )
        return context


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
