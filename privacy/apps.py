from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy and personal data")

    def ready(self):
        # Each module registers the places it erases a person from.
        # Connects the notice's publication receivers and its system check.
        from privacy.notice import checks, publishing  # noqa: F401
        from privacy.rights import erasure  # noqa: F401
