"""A publication makes stale what it changed, and a stale page is re-rendered
by one process while the others serve the previous copy."""

import time

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

from home import cache as home_cache
from home.models import StandardPage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("initial_data", "cached_pages"),
]


@pytest.fixture
def cached_pages(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_S_MAXAGE = 60
    settings.PAGE_CACHE_STALE_SECONDS = 5


def state(path):
    return Client().get(path)["X-Page-Cache"]


def add_page(parent, title, slug, body=()):
    page = StandardPage(title=title, slug=slug, body=list(body))
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def link_to(page):
    return ("paragraph", f'<p>See <a linktype="page" id="{page.pk}">it</a>.</p>')


def republish(page, title):
    page = StandardPage.objects.get(pk=page.pk)
    page.title = title
    page.save_revision().publish()


def lock_of(path):
    key = home_cache.cache_key(RequestFactory().get(path))
    return home_cache.LOCK_KEY.format(key)


def a_second_passes():
    """What this process does once a second: read the shared state again."""
    home_cache._seen["at"] -= home_cache.GENERATION_REFRESH_SECONDS


@pytest.fixture
def training(home_page):
    """A page no menu shows, a page linking to it, and an unrelated page."""
    training = add_page(home_page, "Workshops", "workshops")
    linking = add_page(home_page, "Courses", "courses", [link_to(training)])
    return training, linking


def test_publishing_a_page_leaves_the_pages_that_do_not_show_it_cached(training):
    training, _linking = training
    paths = ("/workshops/", "/courses/", "/", "/privacy/", "/about/", "/fr/")
    for path in paths:
        assert state(path) == "miss", path
        assert state(path) == "hit", path

    republish(training, "Training courses")

    # The page, its parent (which lists it) and the page linking to it.
    for path in ("/workshops/", "/", "/courses/"):
        assert state(path) == "miss", path
    assert "Training courses" in Client().get("/workshops/").content.decode()
    # Pages that show nothing of it stay in the cache.
    for path in ("/privacy/", "/about/", "/fr/"):
        assert state(path) == "hit", path


def test_a_page_the_navigation_links_to_makes_every_page_stale(home_page):
    """The navigation of every page shows the About page's title."""
    for path in ("/privacy/", "/", "/fr/"):
        state(path)
        assert state(path) == "hit", path
    republish(StandardPage.objects.get(slug="about", locale__language_code="en"), "x")
    for path in ("/privacy/", "/", "/fr/"):
        assert state(path) == "miss", path


def test_unpublishing_a_page_makes_every_page_stale(training):
    training, linking = training
    state("/privacy/")
    assert state("/privacy/") == "hit"
    StandardPage.objects.get(pk=training.pk).unpublish()
    assert state("/privacy/") == "miss"
    assert Client().get("/workshops/").status_code == 404


def test_renaming_a_page_makes_every_page_stale(
    training, django_capture_on_commit_callbacks
):
    training, _linking = training
    state("/privacy/")
    assert state("/privacy/") == "hit"
    page = StandardPage.objects.get(pk=training.pk)
    page.slug = "courses-and-training"
    # Wagtail tells of a new slug once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert state("/privacy/") == "miss"


def test_another_process_publication_reaches_this_one_within_a_second(training):
    """Another process writes the stale paths to the shared cache; this one
    reads them on its next round, a second at most later."""
    training, _linking = training
    state("/workshops/")
    assert state("/workshops/") == "hit"
    serial = cache.incr(home_cache.SERIAL_KEY)
    cache.set(home_cache.PATHS_KEY.format(serial), ["/workshops/"], 600)
    assert state("/workshops/") == "hit"  # within the second
    a_second_passes()
    assert state("/workshops/") == "miss"
    assert state("/privacy/") in ("miss", "hit")
    assert state("/workshops/") == "hit"


def test_stale_paths_this_process_cannot_read_make_every_entry_stale(training):
    """A publication whose paths are gone (evicted, not written yet): this
    process cannot tell which pages it changed, so it re-renders them all."""
    state("/privacy/")
    assert state("/privacy/") == "hit"
    cache.incr(home_cache.SERIAL_KEY)  # and no paths written
    a_second_passes()
    assert state("/privacy/") == "miss"
    assert state("/privacy/") == "hit"


def test_one_process_renders_while_the_others_serve_the_previous_copy(training):
    training, _linking = training
    state("/workshops/")
    republish(training, "Training courses")
    state("/workshops/")
    republish(training, "Training and courses")
    # "Another process" holds the lock while it renders.
    key = lock_of("/workshops/")
    assert cache.add(key, 1, timeout=5)
    stale = Client().get("/workshops/")
    assert stale["X-Page-Cache"] == "stale"
    assert "Training courses" in stale.content.decode()
    assert "s-maxage=0" in stale["Cache-Control"]  # no proxy keeps it
    # The renderer finishes: the lock goes, the next request renders.
    cache.delete(key)
    fresh = Client().get("/workshops/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Training and courses" in fresh.content.decode()
    assert cache.get(key) is None  # released after rendering


def test_the_previous_copy_is_served_only_for_a_few_seconds(training, monkeypatch):
    """A renderer that died with the lock held does not freeze the page."""
    training, _linking = training
    state("/workshops/")
    republish(training, "Training courses")
    assert cache.add(lock_of("/workshops/"), 1, timeout=60)
    assert state("/workshops/") == "stale"
    later = time.monotonic() + 6
    monkeypatch.setattr(home_cache.time, "monotonic", lambda: later)
    response = Client().get("/workshops/")
    assert response["X-Page-Cache"] == "miss"
    assert "Training courses" in response.content.decode()


@pytest.fixture
def local_copies_on(monkeypatch, settings):
    """Each process's own copies in front of the shared page cache, as with
    Redis (the test settings keep the pages in memory, where it is off)."""
    settings.PAGE_CACHE_LOCAL_ENTRIES = 2
    monkeypatch.setattr(home_cache.LocalCopies, "enabled", lambda self: True)


def reads_of_the_shared_page_cache(monkeypatch):
    from django.core.cache import caches

    reads = []
    shared = caches["pages"]
    original = shared.get

    def counting(*args, **kwargs):
        reads.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(shared, "get", counting)
    return reads


@pytest.mark.usefixtures("local_copies_on")
def test_a_hit_reads_this_process_copy_not_the_shared_cache(training, monkeypatch):
    training, _linking = training
    assert state("/workshops/") == "miss"
    reads = reads_of_the_shared_page_cache(monkeypatch)
    for _ in range(3):
        assert state("/workshops/") == "hit"
    assert reads == []
    # Another process publishes it: this process's copy is stale once it has
    # read the shared state again, and the page is rendered anew.
    serial = cache.incr(home_cache.SERIAL_KEY)
    cache.set(home_cache.PATHS_KEY.format(serial), ["/workshops/"], 600)
    a_second_passes()
    assert state("/workshops/") == "miss"
    assert len(reads) == 1


@pytest.mark.usefixtures("local_copies_on")
def test_this_process_keeps_only_so_many_copies(training, monkeypatch):
    for path in ("/workshops/", "/courses/", "/privacy/"):
        state(path)
    assert len(home_cache.local_copies.entries) == 2
    reads = reads_of_the_shared_page_cache(monkeypatch)
    assert state("/workshops/") == "hit"  # the oldest: from the shared cache
    assert len(reads) == 1
