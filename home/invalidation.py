"""What a publication changes: which public pages show a page.

The page cache (``home.cache``) and a caching proxy in front
(``home.proxy``) both drop what a publication made stale, and no more:

- the page itself and its translations (their language switcher links to it);
- its ancestors (an index lists its children, the home page the latest of a
  section);
- the pages that link to it or choose it (Wagtail's reference index), and the
  pages that choose one of its ancestors (a "latest news" block chooses the
  news index, so a new article changes it);
- every page when the page is shown on every page: a legal page the footer
  always links to, or a page the navigation and footer snippet or the site
  settings (``PAGE_CACHE_INVALIDATING_MODELS``) link to.
"""

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType


def every_page_models():
    """The models whose content every page shows (navigation, settings...)."""
    models = []
    for label in settings.PAGE_CACHE_INVALIDATING_MODELS:
        try:
            models.append(apps.get_model(label))
        except LookupError:
            continue
    return models


def _referrers(page):
    from wagtail.models import ReferenceIndex

    return ReferenceIndex.get_references_to(page)


def _page_ids(references):
    from wagtail.models import Page

    page_type = ContentType.objects.get_for_model(Page)
    return {
        int(object_id)
        for object_id in references.filter(base_content_type=page_type).values_list(
            "object_id", flat=True
        )
        if str(object_id).isdigit()
    }


def shown_on_every_page(page):
    """Whether every page shows something of ``page`` (its title, its link)."""
    if getattr(page.specific_class, "shown_on_every_page", False):
        return True
    types = [
        ContentType.objects.get_for_model(model, for_concrete_model=False)
        for model in every_page_models()
    ]
    return _referrers(page).filter(content_type__in=types).exists()


def pages_showing(page):
    """The live pages, other than ``page``, whose text shows ``page``."""
    from wagtail.models import Page

    ancestors = list(page.get_ancestors().filter(depth__gt=1))
    ids = _page_ids(_referrers(page))
    for ancestor in ancestors:
        ids |= _page_ids(_referrers(ancestor))
    ids |= {ancestor.pk for ancestor in ancestors}
    ids |= set(
        page.get_translations().values_list("pk", flat=True)
    )  # language switchers
    ids.discard(page.pk)
    return list(Page.objects.live().filter(pk__in=ids).specific(defer=True))


def cached_urls(page):
    """The full addresses at which ``page`` is served (its sub-routes too)."""
    from wagtail.contrib.frontend_cache.utils import _get_page_cached_urls

    return list(_get_page_cached_urls(page))


def urls_showing(page):
    """The addresses of ``page`` and of the pages that show it."""
    urls = cached_urls(page)
    for other in pages_showing(page):
        urls += cached_urls(other)
    return urls


def what_a_publication_changes(page, revision=None):
    """``(True, [])`` when every page shows ``page``, else ``(False, urls)``:
    the addresses of ``page`` and of the pages that show it.

    The page cache and a caching proxy both ask when a page is published:
    the answer is kept on the page for the revision published, so the
    reference index is read once per publication.
    """
    key = getattr(revision, "pk", None)
    kept = page.__dict__.get("_publication_changes")
    if key is not None and kept is not None and kept[0] == key:
        return kept[1]
    answer = (True, []) if shown_on_every_page(page) else (False, urls_showing(page))
    if key is not None:
        page.__dict__["_publication_changes"] = (key, answer)
    return answer


def paths(urls):
    return sorted({urlsplit(url).path for url in urls})
