"""Newsletter issues as pages, sent as Mailchimp campaigns by wagtail-newsletter."""

import re
from html import unescape

from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail_newsletter.models import NewsletterPageMixin

from home.models import ShareImageMixin
from newsletter.blocks import NewsletterBodyBlock

SEND_PERMISSION = "newsletter.send_newsletter"
SEND_ACTIONS = {"send_test_email", "send_campaign", "schedule_campaign"}


class NewsletterIndexPage(ShareImageMixin, Page):
    """The "Newsletters" section: the archive of issues."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["newsletter.NewsletterPage"]
    max_count = 1
    template = "pages/newsletter_index_page.html"

    class Meta:
        verbose_name = _("newsletter index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["issues"] = (
            NewsletterPage.objects.child_of(self).live().order_by("-first_published_at")
        )
        return context


class NewsletterPage(NewsletterPageMixin, Page):
    """One newsletter issue: a web page and, from the Newsletter tab, an email."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A sentence or two shown at the top of the email."),
    )
    body = StreamField(NewsletterBodyBlock(), verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["newsletter.NewsletterIndexPage"]
    subpage_types = []
    template = "pages/newsletter_page.html"
    newsletter_template = "newsletter/email/newsletter_page.html"
    newsletter_text_template = "newsletter/email/newsletter_page.txt"
    preview_modes = [
        *NewsletterPageMixin.preview_modes,
        ("newsletter_text", _("Newsletter, plain text")),
    ]

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        permissions = [("send_newsletter", _("Can send newsletters to Mailchimp"))]

    def has_newsletter_permission(self, user, action):
        """Editing lets anyone save the campaign or read its report; only those
        allowed to send (Communications, superusers) send, test or schedule."""
        page_permissions = self.permissions_for_user(user)
        if action in SEND_ACTIONS or action == "unschedule_campaign":
            return page_permissions.can_publish() and user.has_perm(SEND_PERMISSION)
        return page_permissions.can_edit()

    def get_newsletter_context(self):
        return {
            "page": self,
            "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }

    def get_newsletter_text(self):
        text = render_to_string(
            self.newsletter_text_template, self.get_newsletter_context()
        )
        return re.sub(r"\n{3,}", "\n\n", unescape(text)).strip() + "\n"

    def serve_preview(self, request, mode_name):
        if mode_name == "newsletter_text":
            return HttpResponse(
                self.get_newsletter_text(), content_type="text/plain; charset=utf-8"
            )
        return super().serve_preview(request, mode_name)


class CampaignRecord(models.Model):
    """What the site knows about a page's Mailchimp campaign.

    Kept outside the page revisions and written as soon as Mailchimp answers,
    so a save that fails half-way still remembers the campaign it created,
    and a newsletter is never sent twice.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending (outcome being checked)")
        SCHEDULED = "scheduled", _("Scheduled")
        SENT = "sent", _("Sent")

    page = models.OneToOneField(
        NewsletterPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_record",
    )
    campaign_id = models.CharField(_("Mailchimp campaign id"), max_length=100)
    content_saved = models.BooleanField(default=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("newsletter campaign")
        verbose_name_plural = _("newsletter campaigns")

    def __str__(self):
        return self.campaign_id
