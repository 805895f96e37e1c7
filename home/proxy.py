"""Keeping a caching proxy in front (Varnish, a CDN) up to date.

Wagtail's frontend cache (``wagtail.contrib.frontend_cache``) does the work:
its backends purge one address from Varnish (``HTTPBackend``: a ``PURGE``
request), CloudFront or Cloudflare, from the task queue. Its app is not
installed, because its own signal handlers would queue a task for every
publication even on a site with no proxy; these handlers run only when
``WAGTAILFRONTENDCACHE`` is set (``FRONTEND_CACHE_URL`` in the settings).

- Publishing or unpublishing a page purges its addresses and those of the
  pages that show it (``home.invalidation``); a page the navigation, the
  footer or the settings link to bans everything.
- Deleting a live page purges the addresses it had.
- Each purge or ban is sent twice: at once, and again once every process has
  re-read the page cache's generation (``home.cache``): a proxy that fetched
  the page in between may have got the previous copy from a process's page
  cache, and would keep it for ``s-maxage``.
- Moving a page, or saving what every page shows (the site settings with the
  navigation and footer, cookie declarations, notice versions: the models of
  ``PAGE_CACHE_INVALIDATING_MODELS``), bans everything: for an HTTP backend
  one ``BAN`` request; for a CDN backend a purge of every live page.
"""

import logging
from datetime import timedelta
from urllib.error import URLError
from urllib.parse import urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone
from django_tasks import default_task_backend, task

from .cache import GENERATION_REFRESH_SECONDS

logger = logging.getLogger("microscope.proxy")

BAN_TIMEOUT_SECONDS = 10


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def twice(task_object, *args):
    """Enqueue now, and again after every process has seen a new generation."""
    task_object.enqueue(*args)
    if default_task_backend.supports_defer:
        later = timezone.now() + timedelta(seconds=GENERATION_REFRESH_SECONDS + 1)
        task_object.using(run_after=later).enqueue(*args)


def purge_urls(urls):
    from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

    if urls:
        twice(purge_urls_from_cache_task, list(urls))


def purge_page(sender=None, instance=None, **kwargs):
    if not configured() or instance is None:
        return
    from . import invalidation

    every_page, urls = invalidation.what_a_publication_changes(
        instance, kwargs.get("revision")
    )
    if every_page:
        # The footer or the navigation of every page shows it.
        ban_everything()
        return
    transaction.on_commit(lambda: purge_urls(dict.fromkeys(urls)))


def purge_deleted_page(sender, instance, **kwargs):
    """Before the row goes: afterwards its address can no longer be worked out."""
    from wagtail.models import Page

    if not configured() or not isinstance(instance, Page) or not instance.live:
        return
    from wagtail.contrib.frontend_cache.utils import _get_page_cached_urls

    urls = _get_page_cached_urls(instance)
    transaction.on_commit(lambda: purge_urls(urls))


def ban_everything(**kwargs):
    if configured():
        transaction.on_commit(lambda: twice(ban_everything_task))


class BanRequest(Request):
    def get_method(self):
        return "BAN"


def ban_http_cache(backend):
    """One request that drops every object of the proxy (see default.vcl)."""
    address = urlunsplit((backend.cache_scheme, backend.cache_netloc, "/", "", ""))
    try:
        with urlopen(BanRequest(address), timeout=BAN_TIMEOUT_SECONDS):  # noqa: S310
            pass
    except (URLError, OSError) as error:
        logger.error("Could not ban everything from the HTTP cache: %s", error)
        return False
    return True


@task()
def ban_everything_task():
    from wagtail.contrib.frontend_cache.backends import HTTPBackend
    from wagtail.contrib.frontend_cache.utils import (
        _get_page_cached_urls,
        get_backends,
    )
    from wagtail.models import Page

    backends = get_backends()
    others = {}
    for name, backend in backends.items():
        if isinstance(backend, HTTPBackend):
            ban_http_cache(backend)
        else:
            others[name] = backend
    if others:
        urls = [
            url for page in Page.objects.live() for url in _get_page_cached_urls(page)
        ]
        for backend in others.values():
            backend.purge_batch(urls)
    logger.info("Banned everything from %d frontend caches", len(backends))


def connect():
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    page_published.connect(purge_page, dispatch_uid="proxy-published")
    page_unpublished.connect(purge_page, dispatch_uid="proxy-unpublished")
    post_page_move.connect(ban_everything, dispatch_uid="proxy-moved")
    page_slug_changed.connect(ban_everything, dispatch_uid="proxy-slug-changed")
    from .invalidation import every_page_models

    pre_delete.connect(purge_deleted_page, dispatch_uid="proxy-page-deleted")
    for model in every_page_models():
        label = model._meta.label
        for signal in (post_save, post_delete):
            signal.connect(
                ban_everything, sender=model, dispatch_uid=f"proxy-{signal}-{label}"
            )
