from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        from home import health
        from notice import consistency
        from people import signals

        from . import outbox, personal_data, tracking
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
        personal_data.register()
