from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class CookieTableBlock(blocks.StaticBlock):
    """The declared cookie groups and cookies, always as they are now."""

    class Meta:
        icon = "table"
        label = _("Cookie table")
        admin_text = _(
            "Shows the cookie groups and cookies declared under Cookies in the "
            "admin menu, as they are when the page is read."
        )
        template = "privacy/blocks/cookie_table.html"
