"""The DPO's queue of data-subject requests, with deadlines and an audit trail."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from home.viewsets import PERSONAL_DATA_MENU_HOOK
from people.models import Person

from .models import (
    DataSubjectRequest,
    NoticeChangeMailing,
    RequestEvent,
    RequestStatus,
)

AUDITED_FIELDS = ("status", "extension_months", "extension_reason", "answer", "kind")


class DataSubjectRequestForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        months = cleaned.get("extension_months") or 0
        status = cleaned.get("status")
        if months and not (cleaned.get("extension_reason") or "").strip():
            self.add_error(
                "extension_reason",
                _("Give the reason for the extension: the person must be told why."),
            )
        if status == RequestStatus.EXTENDED and not months:
            self.add_error(
                "extension_months",
                _("Choose how long the deadline is extended (one or two months)."),
            )
        original = self.instance.pk and DataSubjectRequest.objects.get(
            pk=self.instance.pk
        )
        if original and months < original.extension_months:
            self.add_error(
                "extension_months",
                _("An extension already given cannot be shortened."),
            )
        return cleaned


def describe_changes(before, after):
    changes = []
    for name in AUDITED_FIELDS:
        old, new = getattr(before, name, None), getattr(after, name)
        if old != new:
            field = DataSubjectRequest._meta.get_field(name)
            changes.append(str(field.verbose_name))
    return _("Changed: %(fields)s.") % {"fields": ", ".join(changes)} if changes else ""


class RequestCreateView(CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.person = Person.objects.by_email(instance.email).first()
        instance.save()
        RequestEvent.objects.create(
            request=instance,
            user=self.request.user,
            status=instance.status,
            note=_("Recorded by the data protection officer."),
        )
        return instance


class RequestEditView(EditView):
    def save_instance(self):
        before = DataSubjectRequest.objects.get(pk=self.object.pk)
        instance = self.form.save()
        note = describe_changes(before, instance)
        if note:
            RequestEvent.objects.create(
                request=instance,
                user=self.request.user,
                status=instance.status,
                note=note,
                at=timezone.now(),
            )
        return instance


class DataSubjectRequestViewSet(ModelViewSet):
    model = DataSubjectRequest
    icon = "mail"
    menu_label = gettext_lazy("Data-subject requests")
    menu_name = "data-subject-requests"
    menu_hook = PERSONAL_DATA_MENU_HOOK
    menu_order = 2
    add_view_class = RequestCreateView
    edit_view_class = RequestEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["__str__", "status", "received_at", "due_at", "closed_at"]
    list_filter = ["status", "kind"]
    search_fields = ["full_name", "email", "message"]
    search_backend_name = None
    list_export = [
        "pk",
        "kind",
        "status",
        "received_at",
        "due_at",
        "closed_at",
        "extension_months",
        "extension_reason",
    ]
    export_filename = "data-subject-requests"
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("kind"),
                    FieldPanel("full_name"),
                    FieldPanel("email"),
                    FieldPanel("message"),
                    FieldPanel("received_at"),
                ],
                heading=gettext_lazy("Request"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("status"),
                    FieldPanel("extension_months"),
                    FieldPanel("extension_reason"),
                    FieldPanel("answer"),
                ],
                heading=gettext_lazy("Handling"),
            ),
            HelpPanel(
                template="rights/admin/request_audit_panel.html",
                heading=gettext_lazy("Audit trail"),
            ),
        ],
        base_form_class=DataSubjectRequestForm,
    )


class RequestsDeadlinePanel(Component):
    """Overdue and due-soon requests on the dashboard of whoever answers them."""

    name = "data_subject_requests"
    template_name = "rights/admin/requests_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        queryset = DataSubjectRequest.objects.order_by("due_at")
        return {
            "overdue": list(queryset.overdue()),
            "due_soon": list(queryset.due_soon()),
            "request": self.request,
        }

    @staticmethod
    def is_shown_to(user):
        return user.has_perm("rights.change_datasubjectrequest")


class NoticeChangeMailingViewSet(ModelViewSet):
    """How far each email telling of a material change of the notice has got.

    Read-only (``ReadOnlyPermissionPolicy``): the site writes these rows.
    """

    model = NoticeChangeMailing
    icon = "mail"
    menu_label = gettext_lazy("Notice change emails")
    menu_name = "notice-change-mailings"
    menu_hook = PERSONAL_DATA_MENU_HOOK
    menu_order = 3
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []
    list_display = [
        "__str__",
        "progress",
        "skipped",
        "failed",
        "created_at",
        "finished_at",
    ]
    list_filter = ["language"]
    inspect_view_fields = [
        "version",
        "language",
        "created_at",
        "prepared_at",
        "finished_at",
        "total",
        "sent",
        "skipped",
        "failed",
        "interrupted",
    ]
