"""Full-page caching of public pages, safe for personal content.

A page is served from the cache only to a visitor who carries no session and
no pending message, and stored only when nothing in it was made for one
visitor: no cookie set, no CSRF token used, no private Cache-Control, status
200 HTML. Pages carry no per-response value (no CSP nonce: every script and
style is a file), so one copy serves everyone, here and in a shared cache
(Varnish, a CDN). An HTML response made for one visitor (a session, a message,
a CSRF token, a cookie set) is marked ``Cache-Control: private``, so no shared
cache keeps it either. A page may still differ between groups of visitors: an
app can register a variant rule, the cache keeps one copy per variant, and
templates see only the variant (``page_variant``).
Publishing a page (or changing site settings and other content the pages
show) moves the cache to a new generation: every page is rendered afresh,
since titles and links appear in every page's navigation.
"""

import hashlib
import time
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "pagecache:generation"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")


# The current generation, as this process last read it from the shared cache:
# re-read at most once a second, so another process's publication shows
# within a second while a hit costs no shared-cache read.
_seen = {"value": None, "at": 0.0}
GENERATION_REFRESH_SECONDS = 1.0


def fresh_generation():
    """A generation number no process can have seen before.

    The shared counter can vanish (cache cleared, Redis restarted or evicting)
    while processes still hold the number they read; starting again from the
    clock, never from 1, keeps an old number from becoming current again.
    """
    return time.time_ns() // 1_000


def generation():
    now = time.monotonic()
    if _seen["value"] is not None and now - _seen["at"] < GENERATION_REFRESH_SECONDS:
        return _seen["value"]
    value = cache.get(GENERATION_KEY)
    if value is None:
        started = fresh_generation()
        cache.add(GENERATION_KEY, started, timeout=None)
        value = cache.get(GENERATION_KEY, started)
    _seen.update(value=value, at=now)
    return value


def invalidate(**kwargs):
    """Start a new generation; older entries expire on their own."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, fresh_generation(), timeout=None)
    _seen["value"] = None


# Variant rules, filled by the apps' ``AppConfig.ready``: name -> function of
# the request returning a short string, "" when the page does not depend on
# it for this request. A rule reads cookies, so it must stay cheap.
VARIANT_RULES = {}


def register_variant(name, rule):
    VARIANT_RULES[name] = rule


def page_variant(request):
    """The variant of the page this request gets, worked out once per request.

    The page cache keys on it and the templates read it (through
    ``home.context_processors``), so both always agree.
    """
    variant = getattr(request, "page_variant", None)
    if variant is None:
        variant = {name: rule(request) for name, rule in sorted(VARIANT_RULES.items())}
        request.page_variant = variant
    return variant


def varies_on_cookies(request):
    return any((getattr(request, "page_variant", None) or {}).values())


def cache_path(request):
    """The path and the query parameters a page reads, in a fixed order.

    Other parameters change nothing in a page (``/privacy/?x=1`` is
    ``/privacy/``), so they neither miss the cache nor fill it with copies.
    """
    kept = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name in settings.PAGE_CACHE_QUERY_PARAMETERS
        for value in values
    )
    return f"{request.path}?{urlencode(kept)}" if kept else request.path


def cache_key(request):
    url = f"{request.get_host()}{cache_path(request)}"
    variant = "&".join(f"{k}={v}" for k, v in page_variant(request).items() if v)
    digest = hashlib.sha256(f"{url}\n{variant}".encode()).hexdigest()
    return f"pagecache:{generation()}:{digest}"


def is_personalised(request):
    """Whether the request carries a session or a pending message.

    Templates show the admin userbar and messages only then (see
    ``home.context_processors``), and the page cache neither serves nor
    stores such a request. An emptied cookie (a deleted one some clients
    send back) counts as none.
    """
    cookies = request.COOKIES
    return bool(
        cookies.get(settings.SESSION_COOKIE_NAME)
        or cookies.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))
    )


def path_without_language(path):
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def request_is_cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if is_personalised(request):
        return False
    path = path_without_language(request.path)
    return not any(
        path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDED_PATHS
    )


def response_is_storable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def made_for_one_visitor(request, response):
    """Whether the response holds something of this visitor's: shown to
    another, it would leak it (a message, a form's CSRF token, a session)."""
    return bool(
        is_personalised(request)
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or getattr(getattr(request, "session", None), "accessed", False)
    )


def mark_public(response):
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_S_MAXAGE
    )


class PageCacheMiddleware:
    """Serve and store public pages; sits inside the CSP middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.respond(request)
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if varies_on_cookies(request):
            # The variant comes from the visitor's cookies: a shared cache
            # must not hand one visitor's variant to another.
            patch_vary_headers(response, ("Cookie",))
        if response.get("X-Page-Cache") is None and made_for_one_visitor(
            request, response
        ):
            patch_cache_control(response, private=True)
        return response

    def respond(self, request):
        if not settings.PAGE_CACHE_SECONDS or not request_is_cacheable(request):
            return self.get_response(request)
        key = cache_key(request)
        entry = caches["pages"].get(key)
        if entry is not None:
            return self.from_entry(request, entry)
        response = self.get_response(request)
        if response_is_storable(request, response):
            caches["pages"].set(
                key, self.to_entry(request, response), settings.PAGE_CACHE_SECONDS
            )
            mark_public(response)
            response["X-Page-Cache"] = "miss"
        return response

    def to_entry(self, request, response):
        body = response.content.decode(response.charset)
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        return {"body": body, "headers": headers}

    def from_entry(self, request, entry):
        body = entry["body"]
        response = HttpResponse(b"" if request.method == "HEAD" else body.encode())
        for name, value in entry["headers"].items():
            response[name] = value
        if request.method == "HEAD":
            response["Content-Length"] = str(len(body.encode()))
        mark_public(response)
        response["X-Page-Cache"] = "hit"
        return response


def invalidate_on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        invalidate()


def connect_invalidation():
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(invalidate, dispatch_uid="pagecache-published")
    page_unpublished.connect(invalidate, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="pagecache-moved")
    post_delete.connect(
        invalidate_on_page_delete, dispatch_uid="pagecache-page-deleted"
    )
    for label in settings.PAGE_CACHE_INVALIDATING_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(
            invalidate, sender=model, dispatch_uid=f"pagecache-save-{label}"
        )
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"pagecache-delete-{label}"
        )
