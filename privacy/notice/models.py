from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import NoticeBodyBlock


class PrivacyNoticePage(Page):
    """The privacy notice: one per locale, at /privacy/."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(NoticeBodyBlock(), verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    template = "pages/privacy_notice_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("privacy notice")

    @property
    def last_update(self):
        """The date the text in force took effect."""
        published = self.last_published_at or self.first_published_at
        return published.date() if published else None


class NoticeVersionQuerySet(models.QuerySet):
    def for_locale(self, locale):
        return self.filter(page__locale=locale)

    def current(self, locale=None):
        """The version in force now (newest effective first), or None."""
        versions = self.filter(effective_at__lte=timezone.now())
        if locale is not None:
            versions = versions.for_locale(locale)
        return versions.order_by("-effective_at", "-number").first()

    def latest_material(self, locale=None):
        """The newest version flagged as a material change, or None."""
        versions = self.filter(material_change=True)
        if locale is not None:
            versions = versions.for_locale(locale)
        return versions.order_by("-effective_at", "-number").first()


class NoticeVersion(models.Model):
    """One published, immutable version of a privacy notice (one per locale)."""

    page = models.ForeignKey(
        PrivacyNoticePage,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("notice"),
    )
    number = models.PositiveIntegerField(_("version number"))
    effective_at = models.DateTimeField(_("in force from"))
    change_summary = models.TextField(_("change summary"), blank=True)
    material_change = models.BooleanField(
        _("material change"),
        default=False,
        help_text=_(
            "A material change asks visitors for their cookie choice again and "
            "tells registered users."
        ),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("revision"),
    )
    sha256 = models.CharField(_("SHA-256 of the rendered text"), max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = NoticeVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice version")
        verbose_name_plural = _("notice versions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="unique_notice_version_number"
            )
        ]

    def __str__(self):
        return _("Version %(number)s of %(date)s") % {
            "number": self.number,
            "date": self.effective_at.date().isoformat(),
        }
