from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site pages")

    def ready(self):
        from . import (
            proxy,
            security,  # noqa: F401  (connects the signal receivers)
        )
        from .cache import connect_invalidation
        from .locales import connect as connect_locales

        # Contact messages (wagtailforms.FormSubmission) and django-axes'
        # logs are registered as personal data by the retention app, which
        # sets their periods.
        connect_invalidation()
        proxy.connect()
        connect_locales()
