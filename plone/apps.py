from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PloneConfig(AppConfig):
    name = "plone"
    verbose_name = _("Plone import")
