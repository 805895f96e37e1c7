from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Registered users")

    def ready(self):
        from . import checks, personal_data  # noqa: F401

        personal_data.register()
