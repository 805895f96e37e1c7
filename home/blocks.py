"""StreamField blocks of the platform pages and the home page.

Every block has a template in ``templates/components/blocks/``, a
``description`` and a preview value, so that the block picker shows what it
looks like (the preview page is ``templates/wagtailcore/shared/block_preview.html``).
Blocks whose preview needs an image or a document take the newest one of the
library, and render without it when the library is empty.
"""

import re

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructValue
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from .locales import active_locale_id, localized
from .validators import validate_link_address

# Pages of the site that are views, not Wagtail pages: URL names (resolved in
# the visitor's language when a page is shown), so that a link follows the
# language prefix (/register/, /fr/register/).
SITE_ROUTES = [
    ("register", _("Sign up")),
    ("my_data", _("Manage my data")),
    ("cookie_preferences", _("Cookie settings")),
    ("privacy_request", _("Data protection request")),
]
ROUTE_LABELS = dict(SITE_ROUTES)
EMAIL_ADDRESS = re.compile(r"\S+@\S+\.\S+")
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


def route_url(name):
    """The address of a named route in the active language, "" if unknown."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def validate_no_email_address(value):
    if value and EMAIL_ADDRESS.search(value):
        raise ValidationError(
            _("Leave email addresses out: this text is published on the site.")
        )


def newest(model_label):
    from django.apps import apps

    return apps.get_model(model_label).objects.order_by("-pk").first()


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading.html"
        preview_value = {"text": "About MicroScope", "level": "h2"}
        description = _("A section or subsection title.")


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "components/blocks/paragraph.html"
        preview_value = (
            "<p>MicroScope lets biologists annotate microbial genomes by hand, "
            "with the results of <b>automatic analyses</b> beside them.</p>"
        )
        description = _("Text with bold, italic, links and lists.")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        help_text=_("Describe the image for people who cannot see it."),
        max_length=250,
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    credit = blocks.CharBlock(
        label=_("Credit"),
        required=False,
        max_length=250,
        help_text=_("Who made the image, and its licence."),
    )

    def get_preview_value(self):
        return self.normalize(
            {
                "image": newest("wagtailimages.Image"),
                "alt_text": "A genome map drawn by MicroScope",
                "caption": "A genome map",
                "credit": "CEA / Genoscope",
            }
        )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"
        description = _("An image with its alternative text, caption and credit.")


class LinkValue(StructValue):
    def shown_page(self):
        """The chosen page in the visitor's language, looked up once per
        language: a link's address and its text both need it."""
        page = self.get("page")
        if not page:
            return None
        found = self.__dict__.setdefault("_localized", {})
        language = active_locale_id()
        if language not in found:
            found[language] = localized(page)
        return found[language]

    def url(self):
        page = self.shown_page()
        if page:
            return page.url
        if self.get("route"):
            return route_url(self.get("route"))
        return self.get("link_url") or ""

    def text(self):
        page = self.shown_page()
        if self.get("label"):
            return self.get("label")
        if page:
            return page.title
        if self.get("route"):
            return ROUTE_LABELS.get(self.get("route"), "")
        return self.get("link_url")


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("Label"),
        required=False,
        help_text=_("Leave empty to use the page title."),
        max_length=100,
    )
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    route = blocks.ChoiceBlock(
        label=_("Page of the site"),
        choices=SITE_ROUTES,
        required=False,
        help_text=_(
            "Sign-up, Manage my data and other pages that are not in the tree."
        ),
    )
    link_url = blocks.CharBlock(
        label=_("Address"),
        required=False,
        help_text=_("A path on this site (/cookies/) or a full address."),
        max_length=500,
        validators=[validate_link_address],
    )

    def clean(self, value):
        value = super().clean(value)
        targets = [bool(value.get(name)) for name in ("page", "route", "link_url")]
        if sum(targets) != 1:
            raise ValidationError(
                _(
                    "Choose one target: a page, a page of the site or an address "
                    "(one, not several and not none)."
                )
            )
        if value.get("link_url") and not value.get("label"):
            raise ValidationError(_("A link to an address needs a label."))
        return value

    class Meta:
        icon = "link"
        label = _("Link")
        value_class = LinkValue
        template = "components/blocks/link.html"
        preview_value = {"label": "About MicroScope", "link_url": "/about/"}
        description = _("A link to a page, a page of the site or an address.")


class ButtonBlock(LinkBlock):
    class Meta:
        icon = "link-external"
        label = _("Button")
        template = "components/blocks/button.html"
        preview_value = {"label": "Read the privacy notice", "link_url": "/privacy/"}
        description = _("A link shown as a button.")


class TableBlock(TypedTableBlock):
    def __init__(self, local_blocks=None, **kwargs):
        super().__init__(
            local_blocks
            or [
                ("text", blocks.CharBlock(label=_("Text"))),
                ("number", blocks.DecimalBlock(label=_("Number"))),
                (
                    "rich_text",
                    blocks.RichTextBlock(
                        label=_("Rich text"), features=["bold", "italic", "link"]
                    ),
                ),
            ],
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        if not value.caption:
            raise ValidationError(
                _(
                    "Give the table a caption: it tells screen-reader users "
                    "what it holds."
                )
            )
        if not value.columns:
            raise ValidationError(_("Add at least one column to the table."))
        return value

    class Meta:
        icon = "table"
        label = _("Table")
        template = "components/blocks/table.html"
        preview_value = {
            "caption": "Genomes in MicroScope",
            "columns": [
                {"type": "text", "heading": "Kind"},
                {"type": "number", "heading": "Genomes"},
            ],
            "rows": [
                {"values": ["Bacteria", "5200"]},
                {"values": ["Archaea", "210"]},
            ],
        }
        description = _("A table with a caption and column headings.")


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=600)
    button = ButtonBlock(label=_("Button"))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "components/blocks/call_to_action.html"
        preview_value = {
            "heading": "Get an account",
            "text": "Annotate your own genomes with the MicroScope tools.",
            "button": {"label": "Sign up", "route": "register"},
        }
        description = _("A short invitation with one button.")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(
        label=_("Label"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's title."),
    )

    def get_preview_value(self):
        return self.normalize(
            {"document": newest("wagtaildocs.Document"), "label": "User guide"}
        )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "components/blocks/document_link.html"
        description = _("A link to a document, with its type and size.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"), max_length=1000)
    attribution = blocks.CharBlock(
        label=_("Who said it"), required=False, max_length=200
    )
    source = blocks.CharBlock(label=_("Source"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/blocks/quote.html"
        preview_value = {
            "text": "MicroScope saved us months of manual annotation.",
            "attribution": "A research team",
            "source": "User survey",
        }
        description = _("A quotation with who said it and where.")


class PersonBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        label=_("Name"), max_length=200, validators=[validate_no_email_address]
    )
    role = blocks.CharBlock(
        label=_("Role"),
        required=False,
        max_length=200,
        validators=[validate_no_email_address],
    )
    photo = ImageChooserBlock(label=_("Photo"), required=False)
    link = blocks.URLBlock(
        label=_("Web page"),
        required=False,
        help_text=_("A professional page (no email address)."),
    )

    class Meta:
        icon = "user"
        label = _("Person")


class PeopleBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    people = blocks.ListBlock(PersonBlock(), label=_("People"), min_num=1)

    class Meta:
        icon = "group"
        label = _("People")
        template = "components/blocks/people.html"
        preview_value = {
            "heading": "The team",
            "people": [
                {"name": "Ada Example", "role": "Platform lead", "link": ""},
                {"name": "Alan Example", "role": "Curator", "link": ""},
            ],
        }
        description = _("A team: names, roles, photos and web pages.")


class ColumnBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    button = ButtonBlock()
    document = DocumentLinkBlock()
    quote = QuoteBlock()

    class Meta:
        label = _("Column")


class TwoColumnBlock(blocks.StructBlock):
    left = ColumnBlock(label=_("Left column"))
    right = ColumnBlock(label=_("Right column"))

    class Meta:
        icon = "doc-empty"
        label = _("Two columns")
        template = "components/blocks/two_columns.html"
        preview_value = {
            "left": [("paragraph", "<p>Annotate genomes by hand.</p>")],
            "right": [("paragraph", "<p>Compare them with thousands of others.</p>")],
        }
        description = _("Two columns side by side (one above the other on phones).")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    button = ButtonBlock()
    table = TableBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    quote = QuoteBlock()
    two_columns = TwoColumnBlock()
    people = PeopleBlock()

    class Meta:
        label = _("Body")


# The home page's own blocks.


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=600)
    buttons = blocks.ListBlock(ButtonBlock(), label=_("Buttons"), max_num=2)

    class Meta:
        icon = "view"
        label = _("Hero")
        template = "components/blocks/hero.html"
        preview_value = {
            "heading": "Annotate microbial genomes",
            "text": "Expert annotation, comparative genomics and metabolism.",
            "buttons": [{"label": "Sign up", "route": "register"}],
        }
        description = _("The opening of the home page: a strapline and buttons.")


class FeatureCardBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), max_length=400)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Card")


class FeatureCardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    cards = blocks.ListBlock(FeatureCardBlock(), label=_("Cards"), min_num=1, max_num=6)

    class Meta:
        icon = "table"
        label = _("Feature cards")
        template = "components/blocks/feature_cards.html"
        preview_value = {
            "heading": "What MicroScope offers",
            "cards": [
                {"title": "Expert annotation", "text": "Curate genes by hand."},
                {"title": "Comparative genomics", "text": "Synteny and pan-genomes."},
            ],
        }
        description = _("What the platform offers, as up to six cards.")


class LatestPagesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    index = blocks.PageChooserBlock(
        label=_("Section"),
        help_text=_("Its latest published subpages are listed (news, events...)."),
    )
    count = blocks.IntegerBlock(
        label=_("How many"), min_value=1, max_value=12, default=3
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        index = value.get("index")
        context["latest"] = (
            localized(index)
            .get_children()
            .live()
            .public()
            .order_by("-first_published_at")[: value.get("count") or 3]
            if index
            else []
        )
        context["index_page"] = localized(index) if index else None
        return context

    def get_preview_value(self):
        from wagtail.models import Page

        index = Page.objects.filter(depth=2).first()
        return self.normalize({"heading": "Latest pages", "index": index, "count": 3})

    class Meta:
        icon = "list-ul"
        label = _("Latest pages")
        template = "components/blocks/latest_pages.html"
        description = _("The latest pages published in a section, newest first.")


class GetInvolvedBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=600)
    newsletter_archive = blocks.PageChooserBlock(
        label=_("Newsletter archive"), required=False
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        archive = value.get("newsletter_archive")
        context.update(
            register_url=route_url("register"),
            my_data_url=route_url("my_data"),
            archive=localized(archive) if archive else None,
        )
        return context

    class Meta:
        icon = "user"
        label = _("Get involved")
        template = "components/blocks/get_involved.html"
        preview_value = {
            "heading": "Get involved",
            "text": "Open an account, follow the newsletter, manage your data.",
        }
        description = _(
            "Links to sign-up, the newsletter and Manage my data, in the "
            "visitor's language."
        )


class HomeBodyBlock(BodyBlock):
    hero = HeroBlock()
    feature_cards = FeatureCardsBlock()
    latest_pages = LatestPagesBlock()
    get_involved = GetInvolvedBlock()

    class Meta:
        label = _("Body")
