"""Blocks of a newsletter issue; each renders on the web and in an email."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

EMAIL_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "newsletter/blocks/heading.html"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=EMAIL_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "newsletter/blocks/paragraph.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        help_text=_("Describe the image for readers whose mail hides images."),
        max_length=250,
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "newsletter/blocks/image.html"


class ButtonBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=80)
    url = blocks.URLBlock(label=_("Link"))

    class Meta:
        icon = "link"
        label = _("Button")
        template = "newsletter/blocks/button.html"
        preview_value = {"text": "Read more", "url": "https://example.org/"}


class NewsletterBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    button = ButtonBlock()
