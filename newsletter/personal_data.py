"""The newsletter's personal data: the sync outbox and Mailchimp's webhook events.

Registered in ``home.personal_data`` by ``NewsletterConfig.ready``.
"""

from home import personal_data
from retention.models import RetentionSettings

from .models import WebhookEvent


def purge_webhook_events(*, now, dry_run):
    cutoff = RetentionSettings.current().cutoffs(now)["webhook_events"]
    old_events = WebhookEvent.objects.filter(received_at__lt=cutoff)
    count = old_events.count()
    if not dry_run and count:
        old_events.delete()
    return {"Mailchimp webhook events": count}


def register():
    personal_data.register(
        "newsletter.SyncRecord",
        "Newsletter sync outbox (address and name until pushed to Mailchimp)",
        kept="until pushed to Mailchimp",
        erasure="emptied by the person_erased receiver (neither address nor "
        "hash is kept)",
    )
    personal_data.register(
        "newsletter.WebhookEvent",
        "Mailchimp webhook events (pseudonymous)",
        retention="webhook_events",
        erasure="kept: it holds the person's random id only",
        purge=purge_webhook_events,
    )
