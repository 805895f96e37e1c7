"""Public pages come from the cache; nothing personal ever does."""

import contextlib
import fnmatch
import re
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client

from consent import catalogue
from home import cache as home_cache
from home.models import SiteSettings, StandardPage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("initial_data"),
]


@pytest.fixture
def cached_pages(settings):
    # Through the ``settings`` fixture, never ``override_settings`` on a test
    # that also takes ``settings``: undoing the two in the wrong order would
    # leave the page cache on for every later test.
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_S_MAXAGE = 60


cached = pytest.mark.usefixtures("cached_pages")


@cached
def test_second_visit_is_served_from_the_cache_with_public_headers(client):
    first = client.get("/about/")
    second = Client().get("/about/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert "s-maxage=60" in second["Cache-Control"]
    assert "public" in second["Cache-Control"]
    assert second.content == first.content


@cached
def test_publishing_a_page_invalidates_what_it_changed(client):
    client.get("/about/")
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    about.title = "About the MicroScope platform"
    about.save_revision().publish()
    response = Client().get("/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "About the MicroScope platform" in response.content.decode()
    # The navigation of every other page shows the new title too.
    assert "About the MicroScope platform" in Client().get("/").content.decode()


@cached
def test_site_settings_change_invalidates(client, initial_data):
    client.get("/")
    site_settings = SiteSettings.for_site(initial_data)
    site_settings.platform_name = "MicroScope Platform"
    site_settings.save()
    assert "MicroScope Platform" in Client().get("/").content.decode()


@cached
def test_a_logged_in_editor_page_never_reaches_another_visitor(editor):
    staff = Client()
    staff.force_login(editor)
    staff_page = staff.get("/about/")
    assert "X-Page-Cache" not in staff_page
    assert "private" in staff_page["Cache-Control"]
    assert "wagtail-userbar" in staff_page.content.decode()

    visitor = Client().get("/about/")
    assert "wagtail-userbar" not in visitor.content.decode()
    assert Client().get("/about/")["X-Page-Cache"] == "hit"
    assert "wagtail-userbar" not in Client().get("/about/").content.decode()


@cached
def test_pages_with_a_csrf_token_or_a_message_are_never_stored(client):
    form_page = client.get("/contact/")
    assert form_page.status_code == 200
    again = Client().get("/contact/")
    assert "X-Page-Cache" not in again
    first_token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.content.decode()
    )
    second_token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', again.content.decode()
    )
    assert first_token.group(1) != second_token.group(1)
    # Nor kept by a shared cache in front (Varnish, a CDN).
    for response in (form_page, again):
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]

    with_message = Client()
    with_message.cookies["messages"] = "anything"
    message_page = with_message.get("/about/")
    assert "X-Page-Cache" not in message_page
    assert "private" in message_page["Cache-Control"]


def test_a_form_page_is_private_even_with_the_page_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    response = client.get("/contact/")
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert "private" in response["Cache-Control"]
    public = client.get("/about/")
    assert "private" not in public.get("Cache-Control", "")


@cached
def test_admin_and_self_service_paths_are_never_cached(client, editor):
    for path in ("/admin/login/", "/search/?query=genome"):
        client.get(path)
        assert "X-Page-Cache" not in Client().get(path)


@cached
def test_a_cached_page_is_the_same_bytes_and_policy_for_every_visitor(client):
    """No per-response nonce: the page and its CSP header can be shared by any
    cache, and nothing inline needs 'unsafe-inline'."""
    first = client.get("/privacy/")
    second = Client().get("/privacy/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    policy = first["Content-Security-Policy"]
    assert second["Content-Security-Policy"] == policy
    assert "nonce" not in policy and "unsafe-inline" not in policy
    assert "nonce" not in first.content.decode()
    assert "script-src 'self'" in policy and "style-src 'self'" in policy


def test_without_session_or_cookie_banner_a_page_does_not_vary_on_cookies(
    client, settings
):
    settings.GOOGLE_ANALYTICS_ID = ""  # no optional cookie: nobody is asked
    response = client.get("/about/")
    assert "Cookie" not in response.get("Vary", "")


CONSENT_ID = "0123456789abcdef0123456789abcdef"


def has_banner(response):
    return 'id="cookie-banner"' in response.content.decode()


def chosen(action):
    """A visitor who answered the banner and has seen the confirmation."""
    visitor = Client()
    visitor.post("/cookies/", {"action": action, "source": "banner", "next": "/"})
    visitor.get("/")
    return visitor


@cached
def test_visitors_in_every_consent_state_get_the_same_cached_page(settings):
    """A newcomer, a visitor who accepted Analytics (with Google's cookies) and one
    who refused all get the same bytes of /privacy/ from one cache entry; the
    banner is in the page and the script opens it only for the newcomer."""
    settings.GOOGLE_ANALYTICS_ID = "G-TEST1234"
    newcomer = Client().get("/privacy/")
    accepting = chosen("accept")
    accepting.cookies["_ga"] = "GA1.1.1234567890.1700000000"
    accepting.cookies["_ga_TEST1234"] = "GS1.1.1700000000.1.0.1700000000.0.0.0"
    accepted = accepting.get("/privacy/")
    refused = chosen("refuse").get("/privacy/")

    assert newcomer["X-Page-Cache"] == "miss"
    assert (accepted["X-Page-Cache"], refused["X-Page-Cache"]) == ("hit", "hit")
    assert newcomer.content == accepted.content == refused.content
    assert has_banner(newcomer)
    assert not accepted.cookies  # Google's cookies stay: they were consented to
    for response in (newcomer, accepted, refused):
        assert "Cookie" not in response.get("Vary", "")
        assert "public" in response["Cache-Control"]
        policy = response["Content-Security-Policy"]
        assert "nonce" not in policy and "unsafe-inline" not in policy


@cached
def test_a_stale_or_malformed_consent_cookie_gets_the_banner_and_its_deletion(
    settings,
):
    settings.GOOGLE_ANALYTICS_ID = "G-TEST1234"
    Client().get("/about/")
    for value in (
        f"analytics=-1|_cid={CONSENT_ID}|_ts=1000",
        f"analytics=-1|_cid={CONSENT_ID}|_ts=253402300800000",
    ):
        visitor = Client()
        visitor.cookies[settings.COOKIE_CONSENT_NAME] = value
        response = visitor.get("/about/")
        assert response["X-Page-Cache"] == "hit"
        assert has_banner(response)
        assert response.cookies[settings.COOKIE_CONSENT_NAME].value == ""
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


def test_a_message_after_a_redirect_is_still_shown(client):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "Your choice is saved.")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    html = client.get("/about/").content.decode()
    assert "Your choice is saved." in html


@cached
def test_a_query_string_the_page_does_not_read_neither_misses_nor_fills_the_cache(
    client,
):
    from django.core.cache import caches

    assert client.get("/privacy/")["X-Page-Cache"] == "miss"
    for number in range(1, 30):
        response = Client().get(f"/privacy/?x={number}&utm_source=spam")
        assert response["X-Page-Cache"] == "hit", number
    assert len(stored_page_keys(caches["pages"])) == 1


def stored_page_keys(cache):
    """The page-cache keys the backend holds, for the in-memory and Redis backends."""
    pattern = cache.make_key("pagecache:*")
    if isinstance(getattr(cache, "_cache", None), dict):
        return fnmatch.filter(cache._cache, pattern)
    client = cache._cache.get_client(write=False)
    return [key.decode() for key in client.scan_iter(match=pattern)]


def test_the_parameters_a_page_reads_stay_in_its_key_in_a_fixed_order(rf):
    from home.cache import cache_path

    request = rf.get("/privacy/versions/changes/?x=9&new=3&old=1&utm_source=a")
    assert cache_path(request) == "/privacy/versions/changes/?new=3&old=1"
    assert cache_path(rf.get("/search/?query=genome&page=2")) == (
        "/search/?page=2&query=genome"
    )
    assert cache_path(rf.get("/about/?fbclid=abc")) == "/about/"


@cached
def test_an_invalidation_after_the_shared_counter_vanished_still_misses(client):
    """A cleared or restarted shared cache never brings back a generation in use."""
    from django.core.cache import cache

    from home.cache import invalidate

    assert client.get("/privacy/")["X-Page-Cache"] == "miss"
    assert client.get("/privacy/")["X-Page-Cache"] == "hit"
    cache.clear()  # the counter is gone; this process still holds its number
    invalidate()
    assert client.get("/privacy/")["X-Page-Cache"] == "miss"


@contextlib.contextmanager
def cache_reads():
    """The reads of every configured cache made inside the block."""
    reads = []

    def counting(alias, original):
        def read(*args, **kwargs):
            reads.append((alias, original.__name__))
            return original(*args, **kwargs)

        return read

    with contextlib.ExitStack() as stack:
        for alias in django_settings.CACHES:
            backend = caches[alias]
            for name in ("get", "get_many", "has_key"):
                original = getattr(backend, name)
                stack.enter_context(
                    mock.patch.object(backend, name, counting(alias, original))
                )
        yield reads


@cached
def test_a_returning_visitor_costs_what_a_first_visit_costs(
    settings, monkeypatch, django_assert_num_queries
):
    """A cached page for someone with consent and Google cookies takes no
    database read and no more cache reads than for someone without cookies."""
    settings.GOOGLE_ANALYTICS_ID = "G-TEST1234"
    accepting = chosen("accept")
    accepting.cookies["_ga"] = "GA1.1.1234567890.1700000000"
    accepting.cookies["_ga_TEST1234"] = "GS1.1.1700000000.1.0.1700000000.0.0.0"
    newcomer = Client()
    newcomer.get("/privacy/")
    assert accepting.get("/privacy/")["X-Page-Cache"] == "hit"
    # What each process re-reads once a second is left out: both visits
    # below fall within the same second's copies.
    monkeypatch.setattr(home_cache, "GENERATION_REFRESH_SECONDS", 3600)
    monkeypatch.setattr(catalogue, "LOCAL_SECONDS", 3600)

    costs = {}
    for name, visitor in (("first", newcomer), ("returning", accepting)):
        with cache_reads() as reads, django_assert_num_queries(0):
            response = visitor.get("/privacy/")
        assert response["X-Page-Cache"] == "hit"
        assert not response.cookies
        costs[name] = sorted(reads)
    assert costs["returning"] == costs["first"]
