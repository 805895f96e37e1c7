"""What search engines read: sitemap.xml, robots.txt, canonical and hreflang links.

The sitemap lists every live, public page of the site in every language (the
French pages are a tree of their own beside the English one). robots.txt keeps
crawlers out of the admin and of the pages made for one person, and says
where the sitemap is.
"""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, HttpResponsePermanentRedirect
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
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key)
        pages = Page.objects.none()
        for tree in roots:
            pages |= tree.get_descendants(inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    for prefix in ("/fr",):
        lines += [f"Disallow: {prefix}{path}" for path in DISALLOWED[1:]]
    lines += ["", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    return HttpResponsePermanentRedirect(staticfiles_storage.url("img/favicon.ico"))


@require_GET
def apple_touch_icon(request):
    return HttpResponsePermanentRedirect(
        staticfiles_storage.url("img/apple-touch-icon.png")
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
