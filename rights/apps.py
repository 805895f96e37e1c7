from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "rights"
    verbose_name = _("Data-subject rights")

    def ready(self):
        from . import personal_data

        personal_data.register()
