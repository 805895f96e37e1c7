"""What search engines read: sitemap.xml, robots.txt, canonical and hreflang links.

The sitemap lists every live, public page of the site in every language (the
French pages are a tree of their own beside the English one). robots.txt keeps
crawlers out of the admin and of the pages made for one person, and says
where the sitemap is.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import FileResponse, HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

# Pages made for one visitor, or forms: nothing for a search engine there.
DISALLOWED = [
    "/admin/",
    "/my-data/",
    "/register/confirm/",
    "/privacy/request/sent/",
    "/cookies/",
    "/health/",
    "/search/",
]


class AllLanguagesSitemap(Sitemap):
    """Every live, public page in every language, each with its translations."""

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key)
        pages = Page.objects.none()
        for tree in roots:
            pages |= tree.get_descendants(inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        by_key = {}
        for item in self.paginator.page(page).object_list:
            by_key.setdefault(item.translation_key, []).append(item)
        for group in by_key.values():
            if len(group) < 2:
                continue
            found = sorted(
                (item.locale.language_code, item.get_full_url(self.request))
                for item in group
            )
            alternates = [{"lang_code": code, "location": loc} for code, loc in found]
            locations = {loc for _, loc in found}
            for url in urls:
                if url["location"] in locations:
                    url["alternates"] = alternates
        return urls


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    for prefix in ("/fr",):
        lines += [f"Disallow: {prefix}{path}" for path in DISALLOWED[1:]]
    lines += ["", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def static_file(name, content_type):
    """A static file served at the root, where browsers and crawlers look."""

    @require_GET
    @cache_control(max_age=86400, public=True)
    def view(request):
        path = finders.find(name) or Path(settings.STATIC_ROOT) / name
        return FileResponse(Path(path).open("rb"), content_type=content_type)

    return view


favicon = static_file("img/favicon.ico", "image/x-icon")
apple_touch_icon = static_file("img/apple-touch-icon.png", "image/png")


@require_GET
@cache_control(max_age=86400, public=True)
def web_manifest(request):
    """The web app manifest: the site's name, colour and icons."""
    from .models import SiteSettings

    site_settings = SiteSettings.for_request(request)
    name = site_settings.platform_name or "MicroScope"
    return JsonResponse(
        {
            "name": name,
            "short_name": name,
            "start_url": "/",
            "display": "browser",
            "theme_color": "#0b5c6b",
            "background_color": "#ffffff",
            "icons": [
                {
                    "src": staticfiles_storage.url("img/favicon.svg"),
                    "type": "image/svg+xml",
                    "sizes": "any",
                },
                {
                    "src": staticfiles_storage.url("img/apple-touch-icon.png"),
                    "type": "image/png",
                    "sizes": "180x180",
                },
            ],
        },
        content_type="application/manifest+json",
    )


def alternates(page, request):
    """[(language code, absolute URL)] of the page's live translations, itself too."""
    found = []
    for translation in (
        page.get_translations(inclusive=True).live().select_related("locale")
    ):
        url = translation.get_full_url(request)
        if url:
            found.append((translation.locale.language_code, url))
    return sorted(found)


logger = logging.getLogger("microscope.seo")

SHARE_RENDITION = "fill-1200x630"


def share_image(page, request):
    """The image of a page's share card: its own, else the site's default.

    A page with a main image of its own (a news item) uses it when it has
    no share image. Returns ``(image, rendition)`` or ``(None, None)``.
    """
    from wagtail.images.models import AbstractImage

    from .models import SiteSettings

    image = getattr(page, "share_image", None)
    if image is None and isinstance(getattr(page, "image", None), AbstractImage):
        image = page.image
    if image is None:
        image = SiteSettings.for_request(request).default_share_image
    if image is None:
        return None, None
    try:
        return image, image.get_rendition(SHARE_RENDITION)
    except Exception:  # noqa: BLE001  (a missing or unreadable file: no card image)
        logger.warning("Share image %s could not be rendered", image.pk)
        return None, None
