from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = _("Cookie consent")

    def ready(self):
        from home import cache

        from . import personal_data, state

        personal_data.register()
        cache.register_variant("cookie_banner", state.banner_variant)
