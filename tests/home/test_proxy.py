"""What the site tells a caching proxy in front when content changes.

A real HTTP server on loopback stands for Varnish and records the PURGE and BAN
requests that Wagtail's frontend cache backend sends (tasks run at once in
tests, after the transaction commits).
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from home.legal import AccessibilityStatementPage
from home.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db(transaction=True)


class Recorder(BaseHTTPRequestHandler):
    def answer(self):
        self.server.received.append((self.command, self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_BAN = answer  # noqa: N815 - http.server's names

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings, initial_data):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield server.received
    server.shutdown()
    server.server_close()


def about():
    return StandardPage.objects.get(slug="about", locale__language_code="en")


def test_publishing_a_page_purges_its_address(proxy, initial_data, home_page):
    page = home_page.add_child(instance=StandardPage(title="Team", slug="team"))
    page.save_revision().publish()
    proxy.clear()
    page.title = "Our team"
    page.save_revision().publish()
    assert ("PURGE", "/team/") in proxy
    assert not any(method == "BAN" for method, _ in proxy)


def test_publishing_a_page_the_navigation_links_to_bans_everything(proxy, initial_data):
    """Every page's navigation shows the About page's title."""
    page = about()
    page.title = "About, revised"
    page.save_revision().publish()
    assert ("BAN", "/") in proxy


def test_deleting_a_live_page_purges_the_address_it_had(proxy, initial_data):
    about().delete()
    assert ("PURGE", "/about/") in proxy


def test_moving_a_page_bans_everything(proxy, initial_data, home_page):
    page = about()
    target = StandardPage(title="Platform", slug="platform")
    home_page.add_child(instance=target)
    proxy.clear()
    page.move(target, pos="last-child")
    assert ("BAN", "/") in proxy


def test_changing_the_site_settings_bans_everything(proxy, initial_data):
    site_settings = SiteSettings.for_site(initial_data)
    site_settings.platform_name = "MicroScope Platform"
    site_settings.save()
    assert proxy == [("BAN", "/")]


def test_without_a_proxy_nothing_is_sent(proxy, initial_data, settings):
    del settings.WAGTAILFRONTENDCACHE
    page = about()
    page.title = "About, revised"
    page.save_revision().publish()
    SiteSettings.for_site(initial_data).save()
    assert proxy == []


def test_publishing_a_page_purges_the_pages_that_list_or_link_to_it(
    proxy, initial_data, home_page
):
    parent = about()
    child = parent.add_child(instance=StandardPage(title="Team", slug="team"))
    linking = home_page.add_child(
        instance=StandardPage(
            title="Links",
            slug="links",
            body=[
                (
                    "paragraph",
                    f'<p>See <a linktype="page" id="{child.pk}">the team</a>.</p>',
                )
            ],
        )
    )
    linking.save_revision().publish()
    proxy.clear()

    child = StandardPage.objects.get(pk=child.pk)
    child.title = "Our team"
    child.save_revision().publish()
    purged = {path for method, path in proxy if method == "PURGE"}
    assert {"/about/team/", "/about/", "/", "/links/"} <= purged
    assert "/privacy/" not in purged
    assert not any(method == "BAN" for method, _ in proxy)


def test_publishing_the_accessibility_statement_bans_every_footer(proxy, initial_data):
    statement = AccessibilityStatementPage.objects.get(locale__language_code="en")
    statement.audited_rate = 80
    statement.save_revision().publish()
    assert ("BAN", "/") in proxy


def test_a_proxy_adds_no_reference_index_read_to_a_publication(
    proxy, initial_data, home_page, settings
):
    """The page cache and the proxy both need the pages that show a published
    page: the reference index is read for one of them, not for each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = home_page.add_child(instance=StandardPage(title="Team", slug="team"))
    page.save_revision().publish()

    def reference_index_reads(title):
        page.title = title
        revision = page.save_revision()
        with CaptureQueriesContext(connection) as queries:
            revision.publish()
        return sum(
            "referenceindex" in q["sql"] and q["sql"].lstrip().startswith("SELECT")
            for q in queries.captured_queries
        )

    with_proxy = reference_index_reads("Our team")
    assert ("PURGE", "/team/") in proxy
    settings.WAGTAILFRONTENDCACHE = None
    without_proxy = reference_index_reads("The team")
    assert with_proxy == without_proxy
