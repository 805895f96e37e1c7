from .pages import CampaignRecord, NewsletterIndexPage, NewsletterPage
from .sync import ReconciliationReport, SyncRecord, WebhookEvent

__all__ = [
    "CampaignRecord",
    "NewsletterIndexPage",
    "NewsletterPage",
    "ReconciliationReport",
    "SyncRecord",
    "WebhookEvent",
]
