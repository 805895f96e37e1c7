from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from home.locales import localized
from home.models import TOPIC_DATA_PROTECTION, ContactPage, SiteSettings

register = template.Library()

DPO_ANCHOR = 'href="#dpo"'


def dpo_href(request):
    """mailto: the DPO from site settings, else the contact form's DPO topic."""
    site_settings = SiteSettings.for_request(request)
    if site_settings.dpo_email:
        return f"mailto:{site_settings.dpo_email}"
    contact = ContactPage.objects.live().first()
    if contact:
        return f"{localized(contact).url}?topic={TOPIC_DATA_PROTECTION}"
    return reverse("wagtail_serve", args=[""])


@register.simple_tag(takes_context=True)
def notice_richtext(context, value):
    """Render notice rich text with ``#dpo`` links pointing at the live DPO contact."""
    html = str(value)
    if DPO_ANCHOR in html:
        html = html.replace(
            DPO_ANCHOR, f'href="{escape(dpo_href(context["request"]))}"'
        )
    return mark_safe(html)  # noqa: S308 - value is editor rich text, already sanitised


@register.simple_tag(takes_context=True)
def dpo_contact_url(context):
    return dpo_href(context["request"])
