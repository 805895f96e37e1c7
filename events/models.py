from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.models import ShareImageMixin


class EventIndexPage(ShareImageMixin, RoutablePageMixin, Page):
    """An events section: coming events soonest first, then past ones, and
    their RSS feed."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["events.EventPage"]
    template = "events/event_index_page.html"

    class Meta:
        verbose_name = _("events index page")

    def events(self):
        return EventPage.objects.child_of(self).live().public()

    @path("")
    def listing(self, request):
        # An event still running is still coming: it counts by its end.
        now = timezone.now()
        events = self.events()
        running = models.Q(end__gte=now) | models.Q(end__isnull=True, start__gte=now)
        return self.render(
            request,
            context_overrides={
                "upcoming": events.filter(running).order_by("start", "pk"),
                "past": events.exclude(running).order_by("-start", "-pk"),
            },
        )

    @path("feed/", name="feed")
    def feed(self, request):
        from .feeds import EventFeed

        return EventFeed(self)(request)


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class EventPage(ShareImageMixin, Page):
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    whole_day = models.BooleanField(
        _("whole day"),
        default=False,
        help_text=_("The event lasts whole days: its times are not shown."),
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    event_url = models.URLField(_("event website"), max_length=500, blank=True)
    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    tags = ClusterTaggableManager(
        through=EventPageTag, blank=True, verbose_name=_("tags")
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("whole_day"),
                FieldPanel("location"),
                FieldPanel("event_url"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email")],
            heading=_("Contact"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("location"),
        index.FilterField("start"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    template = "events/event_page.html"

    class Meta:
        verbose_name = _("event page")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})

    def summary(self):
        """When and where, in one line, for lists and the feed."""
        fmt = "DATE_FORMAT" if self.whole_day else "DATETIME_FORMAT"
        when = date_format(timezone.localtime(self.start), fmt)
        if self.end:
            end = date_format(timezone.localtime(self.end), fmt)
            if end != when:
                when = f"{when} – {end}"
        return f"{when}, {self.location}" if self.location else when
