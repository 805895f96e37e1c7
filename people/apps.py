from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Registered users")

    def ready(self):
        from . import personal_data

        personal_data.register()
