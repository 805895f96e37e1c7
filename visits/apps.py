from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visitor log")

    def ready(self):
        from . import personal_data

        personal_data.register()
