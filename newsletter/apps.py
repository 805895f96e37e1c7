from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        from home import health, personal_data
        from notice import consistency
        from people import signals

        from . import outbox, tracking
        from .health import MailchimpOutbox

        health.register(MailchimpOutbox)

        if tracking.notice_mentions_tracking not in consistency.RULES:
            consistency.RULES.append(tracking.notice_mentions_tracking)

        signals.person_changed.connect(
            outbox.on_person_changed, dispatch_uid="newsletter-outbox-changed"
        )
        # The outbox row of an erased person is emptied by this receiver, in
        # the erasure transaction, before the record goes.
        signals.person_erased.connect(
            outbox.on_person_erased, dispatch_uid="newsletter-outbox-erased"
        )
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
            kept="no period set yet",
            erasure="kept: it holds the person's random id only",
        )
