"""Open and click tracking of campaigns: off unless NEWSLETTER_TRACKING is true.

Mailchimp tracks opens (a pixel) and clicks (rewritten links) unless a
campaign says otherwise, which tells it who read what. The site asks for
neither unless the setting says so, and the notice's consistency check
warns when the setting is on and the notice does not say it.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notice.consistency import Finding

# Words that show the notice speaks of tracking, per language: any group
# whose words all appear is enough.
TRACKING_WORDS = {
    "en": [("tracking",), ("open", "click")],
    "fr": [("suivi",), ("ouvert", "clic"), ("ouvr", "clic")],
}


def enabled(source=settings):
    return bool(getattr(source, "NEWSLETTER_TRACKING", False))


def campaign_tracking():
    """The ``tracking`` object of a campaign's settings in Mailchimp's API."""
    on = enabled()
    return {"opens": on, "html_clicks": on, "text_clicks": on}


def notice_mentions_tracking(facts):
    """newsletter.W001: campaigns are tracked but the notice does not say so."""
    if not enabled(facts.settings):
        return []
    groups = TRACKING_WORDS.get(facts.language_code, TRACKING_WORDS["en"])
    if any(all(facts.mentions(word) for word in group) for group in groups):
        return []
    return [
        Finding(
            "newsletter.W001",
            _(
                "Newsletter tracking is on (NEWSLETTER_TRACKING), but the notice "
                "does not say that opens and clicks are tracked."
            ),
            _(
                "Say in the newsletter section that Mailchimp records who opens "
                "each newsletter and which links they click, or switch "
                "NEWSLETTER_TRACKING off."
            ),
        )
    ]
