import functools

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = _("Retention periods")

    def ready(self):
        # checks registers itself on import.
        from . import checks, periods, personal_data  # noqa: F401
        from .models import PERIOD_FIELDS, current_length

        for key, (_field, label) in PERIOD_FIELDS.items():
            periods.register(key, label, functools.partial(current_length, key))
        personal_data.register()
