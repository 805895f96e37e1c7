from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticeConfig(AppConfig):
    name = "notice"
    verbose_name = _("Privacy notice")

    def ready(self):
        # Connect the publication receivers and the consistency system check.
        from django.db.models.signals import post_save

        from home.models import SiteSettings
        from retention.models import RetentionSettings

        from . import checks, publishing  # noqa: F401

        # What the notice shows live changed: a new version once committed.
        for model, summary in (
            (SiteSettings, _("The data protection officer's contact changed.")),
            (RetentionSettings, _("The retention periods changed.")),
        ):
            post_save.connect(
                _on_change(summary),
                sender=model,
                weak=False,
                dispatch_uid=f"notice-live-change-{model._meta.label}",
            )


def _on_change(summary):
    def receiver(**kwargs):
        from .publishing import record_live_change_on_commit

        record_live_change_on_commit(summary)

    return receiver
