from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "rights"
    verbose_name = _("Data-subject rights")

    def ready(self):
        from notice.signals import notice_published

        from . import personal_data, receivers

        personal_data.register()
        notice_published.connect(
            receivers.start_mailing, dispatch_uid="rights.notice_change_mailing"
        )
