"""The image a page shows in share cards (Open Graph, Twitter)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class ShareImageMixin(models.Model):
    """A page's image for share cards (Open Graph, Twitter), in its Promote tab.

    Without one, a page shows the site's default share image
    (*Settings › Site settings*); see ``home.seo.share_image``.
    """

    share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("share image"),
        help_text=_(
            "Shown when the page is shared on social networks or in chat "
            "messages (1200 × 630 pixels suit most). Without one, the site's "
            "default share image is used."
        ),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("share_image")]

    class Meta:
        abstract = True
