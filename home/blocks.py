from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructValue
from wagtail.images.blocks import ImageChooserBlock

from .validators import validate_link_address


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


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        help_text=_("Describe the image for people who cannot see it."),
        max_length=250,
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"


class LinkValue(StructValue):
    def url(self):
        page = self.get("page")
        if page:
            return page.localized.url
        return self.get("link_url") or ""

    def text(self):
        page = self.get("page")
        if self.get("label"):
            return self.get("label")
        return page.localized.title if page else self.get("link_url")


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("Label"),
        required=False,
        help_text=_("Leave empty to use the page title."),
        max_length=100,
    )
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    link_url = blocks.CharBlock(
        label=_("Address"),
        required=False,
        help_text=_("A path on this site (/cookies/) or a full address."),
        max_length=500,
        validators=[validate_link_address],
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("link_url")):
            raise ValidationError(
                _("Choose either a page or an address, not both and not neither.")
            )
        if not value.get("page") and not value.get("label"):
            raise ValidationError(_("A link to an address needs a label."))
        return value

    class Meta:
        icon = "link"
        label = _("Link")
        value_class = LinkValue
        template = "components/blocks/link.html"
        preview_value = {"label": "About MicroScope", "link_url": "/about/"}


class ButtonBlock(LinkBlock):
    class Meta:
        icon = "link-external"
        label = _("Button")
        template = "components/blocks/button.html"
        preview_value = {"label": "Read the privacy notice", "link_url": "/privacy/"}


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        features=["bold", "italic", "link", "ol", "ul", "h3", "h4"],
        template="components/blocks/paragraph.html",
    )
    image = ImageBlock()
    button = ButtonBlock()

    class Meta:
        label = _("Body")
