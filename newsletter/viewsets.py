"""The Newsletter overview in the Wagtail admin: counts, failures, last report."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import outbox
from .gateway import Gateway
from .models import ReconciliationReport, SyncRecord
from .reconcile import LABELS

VIEW_PERMISSION = "newsletter.view_syncrecord"
RETRY_PERMISSION = "newsletter.change_syncrecord"


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
    failed = (
        SyncRecord.objects.filter(state=SyncRecord.State.FAILED)
        .select_related("person")
        .order_by("-changed_at")[:50]
    )
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
            "failed": failed,
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
