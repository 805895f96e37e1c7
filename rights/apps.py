from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "rights"
    verbose_name = _("Data-subject rights")

    def ready(self):
        from django.db.models.signals import post_save

        from notice.signals import notice_published

        from . import alerts, personal_data, receivers
        from .models import DataSubjectRequest

        post_save.connect(
            alerts.on_request_saved,
            sender=DataSubjectRequest,
            dispatch_uid="rights.dpo_new_request_alert",
        )

        personal_data.register()
        notice_published.connect(
            receivers.start_mailing, dispatch_uid="rights.notice_change_mailing"
        )
