"""The Newsletter admin: the overview, and who may see whom in the sync state.

The sync state names registered users. Only those who may see registered
users (``people.view_person``: the DPO, superusers) see names and addresses
there, and may look a person up, by their whole address only. Everyone else
who follows the sync (Communications) sees the pseudonymous id.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSet

from . import backlog, outbox
from .gateway import Gateway
from .models import BacklogAlert, ReconciliationReport, SyncRecord
from .reconcile import LABELS

VIEW_PERMISSION = "newsletter.view_syncrecord"
RETRY_PERMISSION = "newsletter.change_syncrecord"
PEOPLE_PERMISSION = "people.view_person"


def can_see_people(user):
    return user.has_perm(PEOPLE_PERMISSION)


def whole_address(text):
    """``text`` if it is one whole email address, else ""."""
    text = text.strip()
    try:
        validate_email(text)
    except ValidationError:
        return ""
    return text


class SyncRecordIndexView(IndexView):
    """Sync state per person: names and the address search for the DPO only."""

    base_list_display = ["__str__", "operation", "state", "last_error", "changed_at"]

    @cached_property
    def shows_people(self):
        return can_see_people(self.request.user)

    @cached_property
    def list_display(self):
        if not self.shows_people:
            return self.base_list_display
        return [
            self.base_list_display[0],
            Column("person", label=_("Registered user")),
            *self.base_list_display[1:],
        ]

    @cached_property
    def is_searchable(self):
        return self.shows_people and super().is_searchable

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        address = whole_address(self.search_query)
        if not address:
            # Part of an address or a domain finds nobody: the search looks
            # one person up, it does not list people.
            return queryset.none()
        return queryset.filter(
            Q(email__iexact=address) | Q(person__email__iexact=address)
        )

    @cached_property
    def no_results_message(self):
        if self.is_searching and not whole_address(self.search_query):
            return _(
                "Search by one whole email address: part of an address or a "
                "domain finds nobody."
            )
        return super().no_results_message

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.shows_people:
            queryset = queryset.select_related("person")
        return queryset


class SyncRecordInspectView(InspectView):
    people_fields = ["person", "email"]

    def get_fields(self):
        fields = ["person_public_id", *super().get_fields()]
        if can_see_people(self.request.user):
            fields[1:1] = self.people_fields
        return fields


def overview(request):
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    counts = dict(
        SyncRecord.objects.values_list("state").annotate(n=Count("pk")).order_by()
    )
    report = ReconciliationReport.objects.filter(finished_at__isnull=False).first()
    report_lines = []
    if report:
        report_lines = [
            (_(label), report.counts.get(key, 0))
            for key, label in LABELS.items()
            if key in report.counts
        ]
    shows_people = can_see_people(request.user)
    failed = SyncRecord.objects.filter(state=SyncRecord.State.FAILED).order_by(
        "-changed_at"
    )
    if shows_people:
        failed = failed.select_related("person")
    state = backlog.current()
    return TemplateResponse(
        request,
        "newsletter/admin/overview.html",
        {
            "page_title": _("Newsletter sync"),
            "header_title": _("Newsletter sync"),
            "header_icon": "mail",
            "configured": Gateway.is_configured(),
            "counts": [
                (label, counts.get(value, 0))
                for value, label in SyncRecord.State.choices
            ],
            "failed_count": counts.get(SyncRecord.State.FAILED, 0),
            "failed": failed[:50],
            "backlog": state,
            "alert_after": backlog.alert_after(),
            "open_alert": BacklogAlert.objects.filter(cleared_at__isnull=True).first(),
            "now": timezone.now(),
            "shows_people": shows_people,
            "report": report,
            "report_lines": report_lines,
            "can_retry": request.user.has_perm(RETRY_PERMISSION),
            "records_url": reverse("newsletter_sync_records:index"),
        },
    )


@require_POST
def retry_failed(request):
    if not request.user.has_perm(RETRY_PERMISSION):
        raise PermissionDenied
    from .tasks import drain_outbox

    with transaction.atomic():
        count = outbox.mark_pending(
            SyncRecord.objects.filter(state=SyncRecord.State.FAILED)
        )
        transaction.on_commit(lambda: drain_outbox.enqueue())
    messages.success(
        request,
        _("%(count)d failed changes were queued for Mailchimp again.")
        % {"count": count},
    )
    return redirect("newsletter_overview:index")


class OverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


class OverviewViewSet(ViewSet):
    menu_label = gettext_lazy("Overview")
    menu_icon = "mail"
    menu_item_class = OverviewMenuItem

    def get_urlpatterns(self):
        return [
            path("", overview, name="index"),
            path("retry/", retry_failed, name="retry"),
        ]

    @property
    def menu_url(self):
        return reverse("newsletter_overview:index")
