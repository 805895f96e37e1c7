"""Public pages come from the cache; nothing personal ever does."""

import fnmatch
import re

import pytest
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import Client

from home.cache import PageCacheMiddleware
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


def nonce_of(response):
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])


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
    about = StandardPage.objects.get(slug="about")
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

    with_message = Client()
    with_message.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in with_message.get("/about/")


@cached
def test_admin_and_self_service_paths_are_never_cached(client, editor):
    for path in ("/admin/login/", "/search/?query=genome"):
        client.get(path)
        assert "X-Page-Cache" not in Client().get(path)


@cached
def test_a_cached_page_gets_a_fresh_nonce_matching_its_header(rf):
    def view(request):
        return HttpResponse(
            f'<script nonce="{request.csp_nonce}">start()</script>',
            content_type="text/html; charset=utf-8",
        )

    stack = CSPMiddleware(PageCacheMiddleware(view))
    first = stack(rf.get("/about/"))
    second = stack(rf.get("/about/"))
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    first_nonce = nonce_of(first).group(1)
    second_nonce = nonce_of(second).group(1)
    assert first_nonce != second_nonce
    assert f'<script nonce="{second_nonce}">' in second.content.decode()
    assert first_nonce not in second.content.decode()


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
def test_visitors_who_have_chosen_get_their_own_cached_page_without_banner(settings):
    settings.GOOGLE_ANALYTICS_ID = "G-TEST1234"
    first = Client().get("/about/")
    again = Client().get("/about/")
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert has_banner(again)

    refused = chosen("refuse").get("/about/")
    accepted = chosen("accept").get("/about/")
    assert (refused["X-Page-Cache"], accepted["X-Page-Cache"]) == ("miss", "hit")
    assert not has_banner(refused) and not has_banner(accepted)

    newcomer = Client().get("/about/")
    assert newcomer["X-Page-Cache"] == "hit"
    assert has_banner(newcomer)
    for response in (again, accepted, newcomer):
        assert "Cookie" in response["Vary"]
        assert "public" in response["Cache-Control"]


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
