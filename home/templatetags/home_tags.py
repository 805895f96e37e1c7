from urllib.parse import urljoin

from django import template
from django.urls import translate_url
from django.utils.translation import get_language_info
from wagtail.models import Site

from home.forms import HONEYPOT_FIELD
from home.locales import localized

register = template.Library()


@register.simple_tag(takes_context=True)
def localized_home_url(context):
    """The home page in the visitor's language, or the site root."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return "/"
    return localized(site.root_page).get_url(request) or "/"


@register.simple_tag(takes_context=True)
def translated_url(context, language_code):
    """The current non-page URL in another language."""
    request = context["request"]
    return translate_url(request.get_full_path(), language_code)


@register.filter
def is_honeypot(field):
    """The bound field is the honeypot that humans never see."""
    return field.name == HONEYPOT_FIELD


@register.simple_tag
def language_name(language_code):
    """A language's name in that language ("Français"), whatever the page's."""
    name = get_language_info(language_code)["name_local"]
    return name[:1].upper() + name[1:]


@register.inclusion_tag("components/seo_links.html", takes_context=True)
def seo_links(context, page=None):
    """Canonical link, hreflang alternates and share-card tags of a page."""
    from home.seo import alternates, share_image

    request = context.get("request")
    if page is None or not getattr(page, "pk", None) or request is None:
        return {}
    found = alternates(page, request)
    default = next((url for code, url in found if code == "en"), None)
    image, rendition = share_image(page, request)
    return {
        "image": image,
        "rendition": rendition,
        # On the site's own address, as the canonical link (a media URL on
        # another host stays as it is).
        "image_url": urljoin(page.get_site().root_url + "/", rendition.url)
        if rendition
        else "",
        "canonical": page.get_full_url(request),
        "alternates": found if len(found) > 1 else [],
        "x_default": default,
        "title": getattr(page, "seo_title", "") or page.title,
        "description": getattr(page, "search_description", ""),
    }


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """The tagline, menu and footer links of the visitor's language."""
    from home.navigation import navigation_for

    return navigation_for(context.get("request"))


@register.inclusion_tag("components/legal_links.html", takes_context=True)
def legal_links(context):
    """The footer's links to the legal pages, with the accessibility status."""
    from home.legal import footer_legal_links

    return footer_legal_links(context.get("request"))
