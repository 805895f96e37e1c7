"""The blocks a privacy notice is written with."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

NOTICE_RICH_TEXT_FEATURES = ["bold", "italic", "link"]


class SectionHeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Section heading")
        template = "notice/blocks/section_heading.html"
        preview_value = "What Personal Data is collected?"


class NoticeParagraphBlock(blocks.RichTextBlock):
    """Rich text in which a link to the anchor ``#dpo`` points at the DPO contact."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", NOTICE_RICH_TEXT_FEATURES)
        kwargs.setdefault(
            "help_text",
            _(
                "To link to the data protection officer, add an anchor link "
                "to “dpo”: it follows the DPO contact in the site settings."
            ),
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "notice/blocks/paragraph.html"


class DataCategoriesBlock(blocks.StructBlock):
    """Who the data is about and which data is collected."""

    audience = blocks.CharBlock(
        label=_("About whom"), help_text=_("For example “For all visitors:”.")
    )
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("Data item")), label=_("Data collected")
    )

    class Meta:
        icon = "list-ul"
        label = _("Data categories")
        template = "notice/blocks/data_categories.html"
        preview_value = {
            "audience": "For all visitors:",
            "items": ["IP address", "Date and time of visits"],
        }


class PurposeBlock(blocks.StructBlock):
    purpose = blocks.CharBlock(label=_("Purpose"))
    lawful_basis = blocks.ChoiceBlock(
        label=_("Lawful basis"),
        required=False,
        choices=[
            ("consent", _("Consent (GDPR art. 6(1)(a))")),
            ("contract", _("Contract (GDPR art. 6(1)(b))")),
            ("legal_obligation", _("Legal obligation (GDPR art. 6(1)(c))")),
            ("legitimate_interests", _("Legitimate interests (GDPR art. 6(1)(f))")),
        ],
    )
    retention = blocks.CharBlock(label=_("Retention period"), required=False)


class PurposesBlock(blocks.StructBlock):
    intro = blocks.CharBlock(label=_("Introduction"), required=False)
    purposes = blocks.ListBlock(PurposeBlock(), label=_("Purposes"))

    class Meta:
        icon = "list-ol"
        label = _("Purposes")
        template = "notice/blocks/purposes.html"


class RightsBlock(blocks.StructBlock):
    text = NoticeParagraphBlock(label=_("Text"))
    show_self_service = blocks.BooleanBlock(
        label=_("Link to “Manage my data”"), required=False, default=True
    )

    class Meta:
        icon = "user"
        label = _("Rights")
        template = "notice/blocks/rights.html"


class DpoContactBlock(blocks.StructBlock):
    text = NoticeParagraphBlock(label=_("Text"), required=False)

    class Meta:
        icon = "mail"
        label = _("DPO contact")
        template = "notice/blocks/dpo_contact.html"


class SupervisoryAuthorityBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        label=_("Authority"),
        default="Commission Nationale de l'Informatique et des Libertes",
    )
    text = NoticeParagraphBlock(label=_("Text"))

    class Meta:
        icon = "openquote"
        label = _("Supervisory authority")
        template = "notice/blocks/supervisory_authority.html"


class RetentionPeriodsBlock(blocks.StaticBlock):
    """The retention periods in force, read live from Settings › Retention periods."""

    class Meta:
        icon = "time"
        label = _("Retention periods")
        admin_text = _(
            "Shows the retention periods set under Settings › Retention periods; "
            "they update here as soon as the data protection officer changes them."
        )
        template = "notice/blocks/retention_periods.html"


class CookieTableBlock(blocks.StaticBlock):
    """The declared cookie groups and cookies, always as they are now.

    Its template reads them through the ``consent`` app's template tags.
    """

    class Meta:
        icon = "table"
        label = _("Cookie table")
        admin_text = _(
            "Shows the cookie groups and cookies declared under Cookies in the "
            "admin menu, as they are when the page is read."
        )
        template = "notice/blocks/cookie_table.html"


class NoticeBodyBlock(blocks.StreamBlock):
    section_heading = SectionHeadingBlock()
    paragraph = NoticeParagraphBlock()
    data_categories = DataCategoriesBlock()
    purposes = PurposesBlock()
    rights = RightsBlock()
    dpo_contact = DpoContactBlock()
    supervisory_authority = SupervisoryAuthorityBlock()
    retention_periods = RetentionPeriodsBlock()
    cookie_table = CookieTableBlock()

    class Meta:
        label = _("Notice")
