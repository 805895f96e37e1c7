from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        from privacy import registry, signals

        from . import outbox

        signals.registered_user_changed.connect(
            outbox.on_person_changed, dispatch_uid="newsletter-outbox-changed"
        )
        signals.registered_user_erased.connect(
            outbox.on_person_erased, dispatch_uid="newsletter-outbox-erased"
        )
        registry.register(
            "newsletter.SyncRecord",
            "Newsletter sync outbox (address and name until pushed to Mailchimp)",
        )
        registry.register(
            "newsletter.WebhookEvent", "Mailchimp webhook events (pseudonymous)"
        )
