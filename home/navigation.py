"""The navigation and footer labels, one set per language.

A translatable snippet rather than fields of the site settings: the links and
their labels are written once per language, and Wagtail's locale switcher and
"Translate" action on the snippet are how editors already work with pages.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, TranslatableMixin

from .blocks import LinkBlock


class Navigation(TranslatableMixin, models.Model):
    """The header's tagline and menu, and the footer's links, in one language."""

    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    navigation = StreamField(
        [("link", LinkBlock())], blank=True, verbose_name=_("navigation")
    )
    footer_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        verbose_name=_("footer links"),
        help_text=_(
            "For example sign-up, the newsletter, Manage my data, the privacy "
            "notice and the cookie settings. The legal notice and the "
            "accessibility statement are always shown."
        ),
    )

    panels = [
        FieldPanel("tagline"),
        FieldPanel("navigation"),
        FieldPanel("footer_links"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("navigation and footer")
        verbose_name_plural = _("navigation and footer")

    def __str__(self):
        return str(_("Navigation and footer (%(language)s)")) % {
            "language": self.locale.get_display_name()
        }

    def clean(self):
        super().clean()
        locale_id = self.locale_id or Locale.get_default().pk
        others = Navigation.objects.filter(locale_id=locale_id).exclude(pk=self.pk)
        if others.exists():
            raise ValidationError(
                _(
                    "This language already has its navigation and footer: edit "
                    "that one instead."
                )
            )


def navigation_for(request=None, language_code=None):
    """The navigation of the active language, else of the default one.

    Read once per request: the header and the footer share it.
    """
    cached = getattr(request, "_site_navigation", None) if request else None
    if cached is not None:
        return cached
    code = (language_code or get_language() or "").split("-")[0]
    found = list(
        Navigation.objects.filter(
            locale__language_code__in=[code, settings.LANGUAGE_CODE]
        )
        .select_related("locale")
        .order_by("pk")
    )
    chosen = next((n for n in found if n.locale.language_code == code), None)
    if chosen is None:
        chosen = found[0] if found else Navigation()
    if request is not None:
        request._site_navigation = chosen
    return chosen
