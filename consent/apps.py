from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = _("Cookie consent")

    def ready(self):
        from cookie_consent.models import Cookie, CookieGroup
        from django.db.models.signals import post_delete, post_save

        from . import personal_data
        from .models import CookieDetails

        personal_data.register()
        # The notice's cookie table shows the declarations: a change to them
        # is a new version of the notice once committed.
        for model in (CookieGroup, Cookie, CookieDetails):
            for signal in (post_save, post_delete):
                signal.connect(
                    declarations_changed,
                    sender=model,
                    dispatch_uid=f"consent-notice-{signal}-{model._meta.label}",
                )


def declarations_changed(**kwargs):
    from notice.publishing import record_live_change_on_commit

    record_live_change_on_commit(_("The cookie declarations changed."))
