from django.db import models
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
