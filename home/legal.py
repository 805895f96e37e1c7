"""The legal notice and the accessibility statement: pages French law asks for.

The legal notice names who publishes and who hosts the site (LCEN, art. 6);
the accessibility statement gives the conformance status to the RGAA (loi
2005-102, art. 47), which the footer of every page repeats.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .sharing import ShareImageMixin

PHONE = re.compile(r"^\+?[0-9][0-9 .()-]{5,30}$")
RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]


def validate_phone(value):
    if value and not PHONE.match(value):
        raise ValidationError(
            _(
                "Enter a telephone number of digits, spaces, dots or dashes, "
                "for example +33 1 64 50 10 00."
            )
        )


class LegalNoticePage(ShareImageMixin, Page):
    """The "mentions légales": publisher, director of publication and host."""

    publisher = models.CharField(
        _("publisher"),
        max_length=255,
        help_text=_("The body that publishes the site, as registered."),
    )
    publisher_details = models.TextField(
        _("publisher's status and registration"),
        blank=True,
        help_text=_("Legal status, registration number, VAT number."),
    )
    publisher_address = models.TextField(_("publisher's address"))
    publisher_phone = models.CharField(
        _("publisher's telephone"),
        max_length=40,
        blank=True,
        validators=[validate_phone],
    )
    director = models.CharField(
        _("director of publication"),
        max_length=255,
        help_text=_("The person legally responsible for what the site publishes."),
    )
    host = models.CharField(_("host"), max_length=255)
    host_address = models.TextField(_("host's address"))
    host_phone = models.CharField(
        _("host's telephone"), max_length=40, validators=[validate_phone]
    )
    contact = RichTextField(
        _("contact"),
        features=RICH_TEXT,
        help_text=_("How to reach the team that runs the site."),
    )
    extra = RichTextField(
        _("more information"),
        features=[*RICH_TEXT, "h2", "h3"],
        blank=True,
        help_text=_("Intellectual property, credits, links to other sites."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("publisher"),
                FieldPanel("publisher_details"),
                FieldPanel("publisher_address"),
                FieldPanel("publisher_phone"),
                FieldPanel("director"),
            ],
            heading=_("Publisher"),
        ),
        MultiFieldPanel(
            [FieldPanel("host"), FieldPanel("host_address"), FieldPanel("host_phone")],
            heading=_("Host"),
        ),
        FieldPanel("contact"),
        FieldPanel("extra"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("extra")]

    template = "pages/legal_notice_page.html"
    # Every page's footer links to it: publishing it refreshes every page in
    # a caching proxy (home.proxy).
    shown_on_every_page = True
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("legal notice")


STATUS_NONE = "none"
STATUS_PARTIAL = "partial"
STATUS_FULL = "full"
CONFORMANCE_CHOICES = [
    (STATUS_NONE, _("non-compliant")),
    (STATUS_PARTIAL, _("partially compliant")),
    (STATUS_FULL, _("fully compliant")),
]


class AccessibilityStatementPage(ShareImageMixin, Page):
    """The "déclaration d'accessibilité" of the RGAA."""

    conformance_status = models.CharField(
        _("conformance status"),
        max_length=10,
        choices=CONFORMANCE_CHOICES,
        default=STATUS_NONE,
        help_text=_(
            "Fully compliant: every criterion audited is met. Partially "
            "compliant: at least half are. Non-compliant: fewer, or no audit."
        ),
    )
    audited_rate = models.DecimalField(
        _("audited rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The share of RGAA criteria met in the last audit."),
    )
    audit_date = models.DateField(_("audit date"), null=True, blank=True)
    audit_method = RichTextField(
        _("audit method"),
        features=RICH_TEXT,
        blank=True,
        help_text=_("Who audited, against which standard, which pages and tools."),
    )
    non_accessible_content = RichTextField(
        _("non-accessible content"), features=RICH_TEXT, blank=True
    )
    derogations = RichTextField(
        _("derogations"),
        features=RICH_TEXT,
        blank=True,
        help_text=_("Content exempted for a disproportionate burden, and why."),
    )
    contact = RichTextField(
        _("feedback and contact"),
        features=RICH_TEXT,
        help_text=_("How to report a barrier or ask for accessible content."),
    )
    complaint = RichTextField(
        _("right to complain"),
        features=RICH_TEXT,
        help_text=_(
            "How to refer the matter to the Défenseur des droits when the "
            "answer does not satisfy."
        ),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("conformance_status"),
                FieldRowPanel([FieldPanel("audited_rate"), FieldPanel("audit_date")]),
                FieldPanel("audit_method"),
            ],
            heading=_("Conformance"),
        ),
        FieldPanel("non_accessible_content"),
        FieldPanel("derogations"),
        FieldPanel("contact"),
        FieldPanel("complaint"),
    ]

    template = "pages/accessibility_statement_page.html"
    # Every page's footer shows its status (home.proxy).
    shown_on_every_page = True
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")

    def clean(self):
        super().clean()
        errors = {}
        rate = self.audited_rate
        if self.conformance_status != STATUS_NONE:
            if rate is None:
                errors["audited_rate"] = _(
                    "A compliant or partially compliant status comes from an "
                    "audit: give its rate."
                )
            if self.audit_date is None:
                errors["audit_date"] = _("Give the date of the audit.")
        if rate is not None and not errors:
            expected = (
                STATUS_FULL
                if rate == 100
                else STATUS_PARTIAL
                if rate >= 50
                else STATUS_NONE
            )
            if expected != self.conformance_status:
                errors["conformance_status"] = _(
                    "This status does not match the audited rate: a rate of 100 is "
                    "fully compliant, 50 or more partially compliant, below 50 "
                    "non-compliant."
                )
        if errors:
            raise ValidationError(errors)


def language():
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def accessibility_statement(language_code=None):
    """The live statement in the language (one query), or None."""
    code = language_code or language()
    return (
        AccessibilityStatementPage.objects.live()
        .filter(locale__language_code=code)
        .order_by("path")
        .first()
    )


def footer_legal_links(request):
    """What the footer says of the legal pages in the active language.

    Every page shows it, so it is kept in the cache until the next
    publication or deletion of any page (``home.cache.generation``): a page
    rendered afresh costs no query for it.
    """
    from .cache import generation

    code = language()
    host = request.get_host() if request else ""
    key = f"legal-links:{generation()}:{host}:{code}"
    found = cache.get(key)
    if found is None:
        found = {}
        statement = accessibility_statement(code)
        if statement:
            found["statement_url"] = statement.get_url(request)
            found["status"] = statement.conformance_status
        legal = (
            LegalNoticePage.objects.live()
            .filter(locale__language_code=code)
            .order_by("path")
            .first()
        )
        if legal:
            found["legal_url"] = legal.get_url(request)
            found["legal_title"] = legal.title
        cache.set(key, found, 3600)
    labels = dict(CONFORMANCE_CHOICES)
    return {**found, "status_label": labels.get(found.get("status"), "")}
