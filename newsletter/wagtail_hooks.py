from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from home.permission_policies import ReadOnlyPermissionPolicy

from .campaigns import reset_acting_on, set_acting_on
from .models import NewsletterPage, ReconciliationReport, SyncRecord, WebhookEvent
from .viewsets import OverviewViewSet

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
    list_display = ["__str__", "operation", "state", "last_error", "changed_at"]
    list_filter = ["state", "operation"]
    search_fields = ["person__full_name", "person__email"]
    inspect_view_fields = [
        "operation",
        "state",
        "attempts",
        "next_attempt_at",
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


# wagtail-newsletter runs its campaign actions in its own after_create_page
# and after_edit_page hooks (order 0). These two wrap them so that the
# campaign backend knows which page and which user it is acting for.
_tokens = {}


def _start_campaign_action(request, page):
    if isinstance(page, NewsletterPage) and request.POST.get("newsletter-action"):
        _tokens[id(request)] = set_acting_on(page, request.user)


def _end_campaign_action(request, page):
    token = _tokens.pop(id(request), None)
    if token is not None:
        reset_acting_on(token)


for _hook in ("after_create_page", "after_edit_page"):
    hooks.register(_hook, _start_campaign_action, order=-10)
    hooks.register(_hook, _end_campaign_action, order=10)


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
