"""Cookie consent and Google Analytics in real Chromium.

Google's hosts never see a request: ``www.googletagmanager.com`` is answered
by a local stub of gtag.js that behaves as the real tag does for what these
tests check (it honours Consent Mode and ``cookie_expires`` and sets ``_ga``
and ``_ga_<id>`` on the highest domain the browser accepts), and every other
outside request is aborted and recorded.
"""

import time
from urllib.parse import urlsplit

import pytest

from consent.models import ConsentRecord

GA_ID = "G-TEST1234"
NECESSARY = {
    "sessionid",
    "csrftoken",
    "django_language",
    "messages",
    "cookie_consent",
    "notice_seen",
}

GTAG_STUB = r"""
(function () {
    var id = new URL(document.currentScript.src).searchParams.get("id");
    var expires = 63072000;
    var granted = false;
    (window.dataLayer || []).forEach(function (args) {
        if (args[0] === "config" && args[2] && args[2].cookie_expires) {
            expires = args[2].cookie_expires;
        }
        if (args[0] === "consent" && args[2] && args[2].analytics_storage) {
            granted = args[2].analytics_storage === "granted";
        }
    });
    window.gtagStubLoads = (window.gtagStubLoads || 0) + 1;
    if (!granted || window["ga-disable-" + id]) {
        return;
    }
    function set(name, value) {
        var parts = location.hostname.split(".");
        var base = name + "=" + value + "; Path=/; SameSite=Lax; Max-Age=" +
            expires;
        for (var i = Math.max(parts.length - 2, 0); i >= 0; i--) {
            document.cookie = base + "; Domain=" + parts.slice(i).join(".");
            if (document.cookie.indexOf(name + "=" + value) !== -1) {
                return;
            }
        }
        document.cookie = base;
    }
    var now = Math.round(Date.now() / 1000);
    set("_ga", "GA1.1." + Math.floor(Math.random() * 1e9) + "." + now);
    set("_ga_" + id.replace(/^G-/, ""), "GS1.1." + now + ".1.0." + now + ".0.0.0");
})();
"""


@pytest.fixture
def analytics_on(settings):
    settings.GOOGLE_ANALYTICS_ID = GA_ID


@pytest.fixture
def gtag_stub(external_routes):
    def answer(route):
        route.fulfill(status=200, content_type="application/javascript", body=GTAG_STUB)

    external_routes["www.googletagmanager.com"] = answer


@pytest.fixture
def make_context(browser, site, external_requests, external_routes):
    """A context like the ``context`` fixture, with extra options (GPC)."""
    contexts = []
    local_host = urlsplit(site).hostname

    def make(**options):
        context = browser.new_context(base_url=site, locale="en-GB", **options)

        def route(route):
            host = urlsplit(route.request.url).hostname
            if host in (local_host, "localhost", "127.0.0.1"):
                route.continue_()
                return
            external_requests.append(route.request.url)
            handler = external_routes.get(host)
            handler(route) if handler else route.abort()

        context.route("**/*", route)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def google_requests(external_requests):
    return [url for url in external_requests if "google" in urlsplit(url).hostname]


def cookie_names(context):
    return {cookie["name"] for cookie in context.cookies()}


def wait_for_cookie(context, prefix, timeout=5, at_least=1):
    """The cookies named ``prefix*``, once ``at_least`` of them are set."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [c for c in context.cookies() if c["name"].startswith(prefix)]
        if len(found) >= at_least:
            return found
        time.sleep(0.05)
    return []


def banner(page):
    return page.locator("#cookie-banner")


def test_fresh_visit_reaches_only_the_site_and_sets_no_optional_cookie(
    page, context, external_requests, analytics_on, gtag_stub
):
    page.goto("/")
    assert banner(page).is_visible()
    assert page.evaluate("document.querySelector('#cookie-banner').matches(':modal')")
    page.wait_for_load_state("networkidle")
    assert external_requests == []
    assert cookie_names(context) <= NECESSARY
    assert not any(name.startswith("_ga") for name in cookie_names(context))
    defaults = page.evaluate(
        "Array.from(window.dataLayer).filter(a => a[0] === 'consent')"
        ".map(a => [a[1], a[2]])"
    )
    assert defaults[0][0] == "default"
    assert set(defaults[0][1].values()) == {"denied"}


def test_refuse_all_closes_the_banner_for_good(
    page, context, external_requests, analytics_on, gtag_stub
):
    page.goto("/")
    page.get_by_role("button", name="Refuse all").click()
    banner(page).wait_for(state="hidden")
    page.goto("/about/")
    assert banner(page).is_hidden()
    page.goto("/privacy/")
    page.wait_for_load_state("networkidle")
    assert banner(page).is_hidden()
    assert external_requests == []
    assert cookie_names(context) <= NECESSARY
    record = ConsentRecord.objects.get()
    assert (record.action, record.choices["analytics"]) == ("refuse", False)


def test_accept_all_loads_google_analytics_with_capped_cookies(
    page, context, external_requests, analytics_on, gtag_stub
):
    page.goto("/")
    with page.expect_request("https://www.googletagmanager.com/gtag/js*"):
        page.get_by_role("button", name="Accept all").click()
    banner(page).wait_for(state="hidden")
    # The tag sets _ga and _ga_<id> one after the other.
    ga = wait_for_cookie(context, "_ga", at_least=2)
    names = {cookie["name"] for cookie in ga}
    assert {"_ga", "_ga_TEST1234"} <= names
    for cookie in ga:
        assert cookie["expires"] - time.time() <= 395 * 24 * 3600
    consent_updates = page.evaluate(
        "Array.from(window.dataLayer).filter(a => a[0] === 'consent').map(a => a[2])"
    )
    for update in consent_updates:
        for key in ("ad_storage", "ad_user_data", "ad_personalization"):
            assert update.get(key, "denied") == "denied"
    assert consent_updates[-1]["analytics_storage"] == "granted"
    # The choice holds on the next page: the tag loads again, no banner.
    before = len(google_requests(external_requests))
    page.goto("/about/")
    page.wait_for_load_state("networkidle")
    assert banner(page).is_hidden()
    assert len(google_requests(external_requests)) == before + 1


def test_withdrawing_on_the_settings_page_deletes_ga_and_stops_google(
    page, context, external_requests, analytics_on, gtag_stub
):
    page.goto("/")
    page.get_by_role("button", name="Accept all").click()
    assert wait_for_cookie(context, "_ga")
    page.get_by_role("link", name="Cookie settings").first.click()
    page.wait_for_url("**/cookies/")
    page.wait_for_load_state("networkidle")
    page.locator("form.cookie-preferences").get_by_role(
        "button", name="Refuse all"
    ).click()
    page.wait_for_url("**/cookies/")
    page.wait_for_load_state("networkidle")
    assert not any(name.startswith("_ga") for name in cookie_names(context))
    assert "You refused analytics cookies." in page.content()
    seen = len(google_requests(external_requests))
    page.goto("/")
    page.goto("/about/")
    page.wait_for_load_state("networkidle")
    assert len(google_requests(external_requests)) == seen
    assert not any(name.startswith("_ga") for name in cookie_names(context))
    actions = list(
        ConsentRecord.objects.order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["accept", "withdraw"]


def test_global_privacy_control_refuses_analytics_and_says_so(
    make_context, external_requests, analytics_on, gtag_stub
):
    context = make_context(extra_http_headers={"Sec-GPC": "1"})
    context.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl',"
        " {get: () => true});"
    )
    page = context.new_page()
    page.goto("/")
    notice = page.locator("#cookie-gpc-notice")
    notice.wait_for(state="visible")
    assert "Global Privacy Control" in notice.inner_text()
    assert banner(page).is_hidden()
    page.goto("/about/")
    page.wait_for_load_state("networkidle")
    assert google_requests(external_requests) == []
    assert not any(name.startswith("_ga") for name in cookie_names(context))
    record = ConsentRecord.objects.get()
    assert (record.action, record.gpc, record.choices["analytics"]) == (
        "gpc",
        True,
        False,
    )
    # An explicit choice overrides the signal.
    page.goto("/cookies/")
    page.locator("form.cookie-preferences").get_by_role(
        "button", name="Accept all"
    ).click()
    page.wait_for_url("**/cookies/")
    assert wait_for_cookie(context, "_ga")
    assert google_requests(external_requests)


def test_banner_works_with_the_keyboard_alone(page, analytics_on, gtag_stub):
    page.goto("/")
    focused = "document.activeElement"
    assert page.evaluate(f"{focused}.id") == "cookie-banner-title"
    page.keyboard.press("Tab")
    assert page.evaluate(f"{focused}.textContent.trim()") == "Accept all"
    page.keyboard.press("Tab")
    assert page.evaluate(f"{focused}.textContent.trim()") == "Refuse all"
    page.keyboard.press("Tab")
    assert page.evaluate(f"{focused}.textContent.trim()") == "Choose"
    page.keyboard.press("Enter")
    assert page.evaluate(f"{focused}.id") == "cookie-banner-group-analytics"
    assert (
        page.get_by_role("button", name="Choose").get_attribute("aria-expanded")
        == "true"
    )
    page.keyboard.press("Space")
    assert page.is_checked("#cookie-banner-group-analytics")
    # Focus stays inside the dialog while it is open.
    for _ in range(8):
        page.keyboard.press("Tab")
        assert page.evaluate(
            f"document.getElementById('cookie-banner').contains({focused})"
        )
    page.focus("#cookie-banner [value=custom]")
    page.keyboard.press("Enter")
    banner(page).wait_for(state="hidden")
    # Focus goes back to the page.
    assert page.evaluate(f"{focused}.id") == "main"
    record = ConsentRecord.objects.get()
    assert (record.action, record.choices["analytics"]) == ("custom", True)


def test_without_javascript_nothing_is_asked_and_the_settings_page_still_works(
    make_context, external_requests, analytics_on
):
    """Google's tag is a script: without JavaScript no optional cookie can be set,
    so the banner stays closed; the footer's cookie settings record a choice."""
    context = make_context(java_script_enabled=False)
    page = context.new_page()
    page.goto("/about/")
    assert banner(page).count() == 1
    assert not banner(page).is_visible()
    page.goto("/cookies/")
    page.get_by_role("button", name="Refuse all").click()
    page.wait_for_load_state()
    assert "Your cookie choice has been saved." in page.content()
    assert "cookie_consent" in cookie_names(context)
    assert ConsentRecord.objects.get().action == "refuse"
    assert external_requests == []


def test_pages_are_the_same_with_and_without_a_choice_and_the_banner_follows_it(
    make_context, analytics_on, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    newcomer = make_context().new_page()
    newcomer.goto("/about/")
    assert banner(newcomer).is_visible()
    newcomer.locator("#cookie-banner").get_by_role("button", name="Accept all").click()
    banner(newcomer).wait_for(state="hidden")
    for path in ("/privacy/", "/about/", "/"):
        newcomer.goto(path)
        assert not banner(newcomer).is_visible(), path
    # Another newcomer gets the same cached page, and the script opens the banner.
    other = make_context().new_page()
    response = other.goto("/about/")
    assert response.headers.get("x-page-cache") == "hit"
    assert banner(other).is_visible()


def test_banner_is_translated(page, analytics_on):
    page.goto("/fr/cookies/")
    page.goto("/fr/")
    assert page.get_by_role("button", name="Tout refuser").is_visible()
    assert page.get_by_role("button", name="Tout accepter").is_visible()
    assert page.get_by_role("button", name="Choisir").is_visible()
