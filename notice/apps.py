from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticeConfig(AppConfig):
    name = "notice"
    verbose_name = _("Privacy notice")

    def ready(self):
        # Connect the publication receivers and the consistency system check.
        from . import checks, publishing  # noqa: F401
