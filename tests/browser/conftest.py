"""Real Chromium (Debian's) driven by Playwright against a live test server.

Every request to a host other than the live server is recorded and answered
by ``external_routes`` (a dict of host -> handler) or aborted, so a test can
prove what the page tried to reach without any traffic leaving the machine.
"""

import io
import os
import threading
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# The live server shares the test's in-memory SQLite connection across its
# threads: two requests at once (the admin's editor fires background ones)
# break each other's transactions ("cannot open savepoint - SQL statements in
# progress"). The server answers one request at a time.
class OneRequestAtATime(ThreadedWSGIServer):
    lock = threading.Lock()

    def set_app(self, application):
        def serial(environ, start_response):
            with self.lock:
                return application(environ, start_response)

        super().set_app(serial)


LiveServerThread.server_class = OneRequestAtATime


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's base URL, with the site's initial data loaded."""
    call_command("load_initial_data", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def external_requests():
    return []


@pytest.fixture
def external_routes():
    return {}


@pytest.fixture
def context(browser, site, external_requests, external_routes):
    local_host = urlsplit(site).hostname
    context = browser.new_context(base_url=site, locale="en-GB")

    def route(route):
        host = urlsplit(route.request.url).hostname
        if host in (local_host, "localhost", "127.0.0.1"):
            route.continue_()
            return
        external_requests.append(route.request.url)
        handler = external_routes.get(host)
        if handler:
            handler(route)
        else:
            route.abort()

    context.route("**/*", route)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    page.close()


@pytest.fixture
def admin_login(page):
    """Log a user into the Wagtail admin through the real login form."""

    def login(username, password="correct horse battery staple"):
        page.goto("/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")

    return login
