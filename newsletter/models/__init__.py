from .pages import CampaignRecord, NewsletterIndexPage, NewsletterPage
from .sync import BacklogAlert, ReconciliationReport, SyncRecord, WebhookEvent

__all__ = [
    "BacklogAlert",
    "CampaignRecord",
    "NewsletterIndexPage",
    "NewsletterPage",
    "ReconciliationReport",
    "SyncRecord",
    "WebhookEvent",
]
