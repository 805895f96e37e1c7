from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap as sitemap_view
from wagtail.documents import urls as wagtaildocs_urls

from home import media, seo
from home import views as home_views
from home.health import HealthView

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", HealthView.as_view(), name="health"),
    path("health/web/", HealthView.as_view(web_only=True), name="health-web"),
    path(
        "sitemap.xml",
        sitemap_view,
        {"sitemaps": {"pages": seo.AllLanguagesSitemap}},
        name="sitemap",
    ),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("favicon.ico", seo.favicon),
    path("apple-touch-icon.png", seo.apple_touch_icon),
    path("site.webmanifest", seo.web_manifest, name="web_manifest"),
    path("", include("newsletter.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

if settings.SERVE_MEDIA:
    urlpatterns.append(
        path(
            settings.MEDIA_URL.lstrip("/") + "<path:path>",
            media.serve_media,
            name="media",
        )
    )

# English, the reference language, has no prefix (/privacy/); French is /fr/.
urlpatterns += i18n_patterns(
    path("search/", home_views.search, name="search"),
    path("cookies/", include("consent.urls")),
    path("", include("people.urls")),
    path("", include("rights.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
