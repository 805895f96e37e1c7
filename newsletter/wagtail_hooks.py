from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail_newsletter import wagtail_hooks as wagtail_newsletter_hooks

from home.permission_policies import ReadOnlyPermissionPolicy

from . import actions
from .models import ReconciliationReport, SyncRecord, WebhookEvent
from .reports import NewsletterReportViewSet
from .viewsets import OverviewViewSet, SyncRecordIndexView, SyncRecordInspectView

# These rows are written by the sync, never by hand, even by superusers.
for _model in (SyncRecord, ReconciliationReport, WebhookEvent):
    register_permission_policy(_model, ReadOnlyPermissionPolicy(_model))


class ReadOnlyViewSet(ModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []


class SyncRecordViewSet(ReadOnlyViewSet):
    model = SyncRecord
    menu_label = _("Sync state per person")
    icon = "resubmit"
    # Columns, search and inspected fields depend on who looks: see the views.
    index_view_class = SyncRecordIndexView
    inspect_view_class = SyncRecordInspectView
    list_filter = ["state", "operation"]
    search_fields = ["email"]
    inspect_view_fields = [
        "operation",
        "state",
        "attempts",
        "next_attempt_at",
        "waiting_since",
        "last_error",
        "changed_at",
        "synced_at",
    ]


class ReconciliationReportViewSet(ReadOnlyViewSet):
    model = ReconciliationReport
    icon = "doc-full"
    list_display = ["__str__", "dry_run", "api_calls", "finished_at"]
    list_filter = ["dry_run"]
    inspect_view_fields = [
        "started_at",
        "finished_at",
        "dry_run",
        "api_calls",
        "counts",
        "error",
    ]


class WebhookEventViewSet(ReadOnlyViewSet):
    model = WebhookEvent
    icon = "link-external"
    list_display = ["event_type", "outcome", "received_at"]
    list_filter = ["event_type", "outcome"]


class NewsletterGroup(ViewSetGroup):
    menu_label = _("Newsletter")
    menu_icon = "mail"
    menu_order = 250
    items = (
        OverviewViewSet("newsletter_overview", url_prefix="newsletter/overview"),
        NewsletterReportViewSet("newsletter_report", url_prefix="newsletter/report"),
        SyncRecordViewSet("newsletter_sync_records", url_prefix="newsletter/sync"),
        ReconciliationReportViewSet(
            "newsletter_reconciliations", url_prefix="newsletter/reconciliations"
        ),
        WebhookEventViewSet("newsletter_webhooks", url_prefix="newsletter/webhooks"),
    )


@hooks.register("register_admin_viewset")
def register_newsletter_admin():
    return NewsletterGroup()


@hooks.register("load_initial_data")
def newsletter_initial_data(command, home, **kwargs):
    from .initial_data import ensure_newsletter_section

    ensure_newsletter_section(command, home)


# wagtail-newsletter runs the Newsletter tab's buttons in its own hook, through
# a backend that knows neither the page nor the user; the site's hook runs them
# with a backend made for both. Wagtail has no public way to unregister a hook,
# hence the registry itself (a test checks that only the site's hook is left).
for _hook in ("after_create_page", "after_edit_page"):
    hooks._hooks[_hook].remove((wagtail_newsletter_hooks.redirect_to_campaign_page, 0))
    hooks.register(_hook, actions.run_campaign_action)


@hooks.register("register_log_actions")
def register_newsletter_log_actions(actions):
    @actions.register_action("newsletter.campaign_sent")
    class CampaignSent(LogFormatter):
        label = _("Newsletter: sent through Mailchimp")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _(
                "Newsletter sent through Mailchimp: campaign %(campaign)s, "
                "at %(when)s, by %(who)s."
            ) % {
                "campaign": data.get("campaign_id", "?"),
                "when": data.get("sent_at", "?"),
                "who": data.get("sent_by") or "?",
            }


@hooks.register("construct_homepage_panels")
def newsletter_dashboard_panel(request, panels):
    from .dashboard import NewsletterPanel

    if NewsletterPanel.is_shown_to(request.user):
        panels.append(NewsletterPanel(request.user))
