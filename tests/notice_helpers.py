"""Helpers shared by the privacy notice tests."""

import re
from html import unescape

from notice.models import PrivacyNoticePage


def english_notice():
    return PrivacyNoticePage.objects.get(locale__language_code="en")


def french_notice():
    return PrivacyNoticePage.objects.get(locale__language_code="fr")


def draft_of(page):
    """The latest draft, read afresh (a page instance caches its latest revision)."""
    return type(page).objects.get(pk=page.pk).get_latest_revision_as_object()


def replace_in_paragraph(page, old, new):
    """The page (latest draft) with ``old`` replaced by ``new`` in one paragraph."""
    draft = draft_of(page)
    raw = [dict(block) for block in draft.body.raw_data]
    for block in raw:
        if block["type"] == "paragraph" and old in block["value"]:
            block["value"] = block["value"].replace(old, new)
            break
    else:
        raise AssertionError(f"No paragraph contains {old!r}")
    draft.body = raw
    return draft


def publish_change(page, old, new, summary="A change.", material=False, user=None):
    draft = replace_in_paragraph(page, old, new)
    draft.change_summary = summary
    draft.material_change = material
    revision = draft.save_revision(user=user)
    revision.publish(user=user)
    return revision


def visible_text(html):
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(text))


SHARING = (
    "Your Personal Data will be kept confidential and not handed out to third parties."
)
MAILCHIMP = (
    "Newsletters are sent through Mailchimp, which processes your email address "
    "on our behalf."
)
