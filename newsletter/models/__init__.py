from .sync import ReconciliationReport, SyncRecord, WebhookEvent

__all__ = ["ReconciliationReport", "SyncRecord", "WebhookEvent"]
