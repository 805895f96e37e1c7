from django import template
from django.conf import settings
from django.utils.translation import gettext

from consent import state as consent
from consent.catalogue import ANALYTICS_GROUP, get_catalogue, get_rules

register = template.Library()


@register.simple_tag
def cookie_catalogue():
    return get_catalogue()


@register.simple_tag
def consent_config():
    """What the page's consent script needs; the same for every visitor."""
    catalogue = get_catalogue()
    reconsent = catalogue.reconsent_after
    return {
        "cookie_name": settings.COOKIE_CONSENT_NAME,
        "ga_id": settings.GOOGLE_ANALYTICS_ID,
        "lifetime_ms": consent.consent_lifetime() // consent.MILLISECOND,
        "reconsent_after_ms": consent.to_millis(reconsent) if reconsent else 0,
        "optional_groups": " ".join(g.varname for g in catalogue.optional_groups),
        "analytics_group": ANALYTICS_GROUP,
        "analytics_cookies": " ".join(catalogue.analytics_cookie_names()),
        "ga_cookie_expires": settings.GOOGLE_ANALYTICS_COOKIE_EXPIRES,
        "decline": settings.COOKIE_CONSENT_DECLINE,
    }


@register.simple_tag
def cookie_banner_needed():
    """Whether pages carry the banner: the same answer for every visitor, so
    that one page's bytes suit them all (consent-mode.js and cookie-consent.js
    read the visitor's choice in the browser)."""
    return bool(get_rules().groups_to_ask())


@register.filter
def cookie_text(value):
    """Translate the seeded group and cookie texts; edited ones show as written."""
    return gettext(value) if value else ""
