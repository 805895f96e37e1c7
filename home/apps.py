from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site pages")

    def ready(self):
        from . import security  # noqa: F401  (connects the signal receivers)
        from .cache import connect_invalidation
        from .models import erase_contact_messages
        from .personal_data import register

        connect_invalidation()
        register(
            "wagtailforms.FormSubmission",
            "Contact form messages",
            kept="no period set yet",
            erase=erase_contact_messages,
        )
