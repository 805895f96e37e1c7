from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy and personal data")

    def ready(self):
        # Each module registers the places it erases a person from.
        from privacy.rights import erasure  # noqa: F401
