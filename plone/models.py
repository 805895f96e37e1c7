from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class FolderPage(Page):
    """A Plone folder: lists its children in their order, or shows its
    default page at its own address."""

    intro = RichTextField(_("introduction"), blank=True)
    default_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("default page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A page under this one shown at this address instead of the list."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("default_page"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "plone/folder_page.html"

    class Meta:
        verbose_name = _("folder page")

    def shown_page(self):
        if self.default_page_id is None:
            return None
        page = self.default_page
        if page.live and page.is_descendant_of(self):
            return page.specific
        return None

    def serve(self, request, *args, **kwargs):
        shown = self.shown_page()
        if shown is not None:
            return shown.serve(request, *args, **kwargs)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        return context


class PloneObject(models.Model):
    """Which object of this site a Plone item (by its UID) became."""

    uid = models.CharField(_("Plone UID"), max_length=64, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    portal_type = models.CharField(_("Plone type"), max_length=100)
    path = models.CharField(_("Plone path"), max_length=1000)
    modified = models.CharField(
        _("modified in Plone"),
        max_length=64,
        blank=True,
        help_text=_("An item not modified since the last import is left as it is."),
    )

    class Meta:
        verbose_name = _("imported Plone item")
        verbose_name_plural = _("imported Plone items")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.portal_type} {self.path}"
