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
Publishing a page makes stale that page and the pages that show it
(``home.invalidation``); changing what every page shows (the navigation and
footer, the site settings, a page they link to), moving, renaming,
unpublishing or deleting a page moves the cache to a new generation, where
every page is stale. Each process learns of both within a second. A stale
page is re-rendered by one process while the others keep serving the previous
copy for ``PAGE_CACHE_STALE_SECONDS`` (stale-while-revalidate with a lock).
"""

import hashlib
import threading
import time
from collections import OrderedDict
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "pagecache:generation"
SERIAL_KEY = "pagecache:serial"
PATHS_KEY = "pagecache:paths:{}"
LOCK_KEY = "pagecache:lock:{}"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")
# More paths than this in one round of reading: forget them and treat every
# entry stored before as stale.
MAX_PATHS_READ = 500


# What this process last read from the shared cache, re-read at most once a
# second, so another process's publication shows within a second while a hit
# costs no shared-cache read:
# - ``generation``: changes when every page is stale (navigation, settings);
# - ``serial``: counts the publications that made some pages stale, whose
#   paths are under ``PATHS_KEY``;
# - ``floor``: an entry stored before this serial is stale (this process
#   started then, or missed some paths);
# - ``changed_at``: when this process saw the generation change;
# - ``stale_paths``: path -> (serial, when this process saw it go stale).
_seen = {
    "generation": None,
    "serial": None,
    "floor": 0,
    "at": 0.0,
    "changed_at": 0.0,
    "stale_paths": {},
}
GENERATION_REFRESH_SECONDS = 1.0


def fresh_generation():
    """A generation number no process can have seen before.

    The shared counter can vanish (cache cleared, Redis restarted or evicting)
    while processes still hold the number they read; starting again from the
    clock, never from 1, keeps an old number from becoming current again.
    """
    return time.time_ns() // 1_000


def _read_shared(key):
    value = cache.get(key)
    if value is None:
        started = fresh_generation()
        cache.add(key, started, timeout=None)
        value = cache.get(key, started)
    return value


def refresh():
    """Read the generation and the publications since the last read."""
    now = time.monotonic()
    recent = now - _seen["at"] < GENERATION_REFRESH_SECONDS
    if _seen["generation"] is not None and recent:
        return
    generation = _read_shared(GENERATION_KEY)
    serial = _read_shared(SERIAL_KEY)
    if _seen["generation"] is not None and generation != _seen["generation"]:
        _seen["changed_at"] = now
    previous = _seen["serial"]
    stale = _seen["stale_paths"]
    if previous is None or serial < previous or serial - previous > MAX_PATHS_READ:
        _seen["floor"] = serial
        stale.clear()
    elif serial > previous:
        keys = [PATHS_KEY.format(number) for number in range(previous + 1, serial + 1)]
        found = cache.get_many(keys)
        if len(found) < len(keys):
            # A publication whose paths are not written yet, or expired:
            # every entry stored so far is stale.
            _seen["floor"] = serial
            stale.clear()
        else:
            for number in range(previous + 1, serial + 1):
                for path in found[PATHS_KEY.format(number)]:
                    stale[path] = (number, now)
    # Entries older than the cache keeps them are gone anyway.
    horizon = now - settings.PAGE_CACHE_SECONDS - GENERATION_REFRESH_SECONDS
    for path in [path for path, (_n, seen) in stale.items() if seen < horizon]:
        del stale[path]
    _seen.update(generation=generation, serial=serial, at=now)


def generation():
    refresh()
    return _seen["generation"]


def invalidate(**kwargs):
    """Every page is stale: start a new generation."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, fresh_generation(), timeout=None)
    forget()


def invalidate_paths(paths):
    """These pages are stale (every query string and variant of each)."""
    if not paths:
        return
    try:
        serial = cache.incr(SERIAL_KEY)
    except ValueError:
        # The counter vanished: every process starts again from a new one,
        # finds no paths for it and treats every entry as stale.
        cache.add(SERIAL_KEY, fresh_generation(), timeout=None)
        forget()
        return
    cache.set(
        PATHS_KEY.format(serial),
        sorted(paths),
        settings.PAGE_CACHE_SECONDS + 60,
    )
    forget()


def forget():
    """Read the shared state again on the next request of this process."""
    _seen["at"] = float("-inf")


def entry_state(path, entry):
    """("fresh", None), or ("stale", when this process saw it become stale)."""
    if entry.get("generation") != _seen["generation"]:
        return "stale", _seen["changed_at"]
    serial = entry.get("serial", -1)
    if serial < _seen["floor"]:
        return "stale", float("-inf")
    went_stale = _seen["stale_paths"].get(path)
    if went_stale is not None and serial < went_stale[0]:
        return "stale", went_stale[1]
    return "fresh", None


class LocalCopies:
    """The pages this process served last, in front of a shared page cache.

    With the pages in Redis, every hit would be a round trip and a copy of
    the page over the network; each process keeps its own copies of the
    pages it serves (at most ``PAGE_CACHE_LOCAL_ENTRIES``) and checks them
    against what it last read of the shared state, like any entry.
    """

    def __init__(self):
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def enabled(self):
        size = getattr(settings, "PAGE_CACHE_LOCAL_ENTRIES", 0)
        return size > 0 and not isinstance(caches["pages"], LocMemCache)

    def get(self, key, now):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            entry, expires = found
            if expires <= now:
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry

    def set(self, key, entry, expires):
        with self.lock:
            self.entries[key] = (entry, expires)
            self.entries.move_to_end(key)
            while len(self.entries) > settings.PAGE_CACHE_LOCAL_ENTRIES:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


local_copies = LocalCopies()


def lookup(key, path):
    """The entry for ``key`` and its ``entry_state``: this process's copy
    while it is fresh, else the shared cache's (fresh or stale), else
    ``(None, None, None)``."""
    local = local_copies.enabled()
    now = time.monotonic()
    if local:
        entry = local_copies.get(key, now)
        if entry is not None:
            state, since = entry_state(path, entry)
            if state == "fresh":
                return entry, state, since
    entry = caches["pages"].get(key)
    if entry is None:
        return None, None, None
    if local:
        local_copies.set(key, entry, now + settings.PAGE_CACHE_SECONDS)
    return (entry, *entry_state(path, entry))


def store(key, entry):
    caches["pages"].set(key, entry, settings.PAGE_CACHE_SECONDS)
    if local_copies.enabled():
        local_copies.set(key, entry, time.monotonic() + settings.PAGE_CACHE_SECONDS)


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
    return f"pagecache:{digest}"


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


def mark_public(response, s_maxage=None):
    if s_maxage is None:
        s_maxage = settings.PAGE_CACHE_S_MAXAGE
    patch_cache_control(response, public=True, max_age=0, s_maxage=s_maxage)


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
        refresh()
        # What the entry will say it was made from, read before rendering:
        # a publication during the render makes it stale at once.
        made_from = {"generation": _seen["generation"], "serial": _seen["serial"]}
        entry, state, since = lookup(key, request.path)
        lock = None
        if entry is not None:
            if state == "fresh":
                return self.from_entry(request, entry, "hit")
            if time.monotonic() - since < settings.PAGE_CACHE_STALE_SECONDS:
                # One process renders the new copy; the others keep serving
                # the previous one meanwhile, so a publication never sends
                # every worker to render the same page at once.
                lock = LOCK_KEY.format(key)
                if not cache.add(lock, 1, timeout=settings.PAGE_CACHE_STALE_SECONDS):
                    return self.from_entry(request, entry, "stale")
        try:
            response = self.get_response(request)
            if response_is_storable(request, response):
                store(key, self.to_entry(request, response, made_from))
                mark_public(response)
                response["X-Page-Cache"] = "miss"
        finally:
            if lock is not None:
                cache.delete(lock)
        return response

    def to_entry(self, request, response, made_from):
        body = response.content.decode(response.charset)
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        return {"body": body, "headers": headers, **made_from}

    def from_entry(self, request, entry, state):
        body = entry["body"]
        response = HttpResponse(b"" if request.method == "HEAD" else body.encode())
        for name, value in entry["headers"].items():
            response[name] = value
        if request.method == "HEAD":
            response["Content-Length"] = str(len(body.encode()))
        if state == "stale":
            # Served while another process renders the new copy: a shared
            # cache in front must not keep it.
            mark_public(response, s_maxage=0)
        else:
            mark_public(response)
        response["X-Page-Cache"] = state
        return response


def invalidate_on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        invalidate()


def invalidate_page(sender=None, instance=None, **kwargs):
    """A page was published: drop it and the pages that show it.

    Done at once, and again when the transaction commits: a process that
    rendered the page between the two, from the rows not yet committed,
    stored a copy the second one makes stale.
    """
    from . import invalidation

    if instance is None:
        return
    every_page, urls = invalidation.what_a_publication_changes(
        instance, kwargs.get("revision")
    )
    if every_page:
        invalidate()
        transaction.on_commit(invalidate)
        return
    paths = invalidation.paths(urls)
    invalidate_paths(paths)
    transaction.on_commit(lambda: invalidate_paths(paths))


def connect_invalidation():
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    from .invalidation import every_page_models

    page_published.connect(invalidate_page, dispatch_uid="pagecache-published")
    # A page gone, moved or renamed changes the addresses under it and the
    # links to it in any page: every page is stale.
    page_unpublished.connect(invalidate, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="pagecache-moved")
    page_slug_changed.connect(invalidate, dispatch_uid="pagecache-slug-changed")
    post_delete.connect(
        invalidate_on_page_delete, dispatch_uid="pagecache-page-deleted"
    )
    for model in every_page_models():
        label = model._meta.label
        post_save.connect(
            invalidate, sender=model, dispatch_uid=f"pagecache-save-{label}"
        )
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"pagecache-delete-{label}"
        )
