"""axe-core on the home page with the cookie banner open (WCAG 2.2 AA)."""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def axe_page(browser, site, settings):
    # The banner asks only when an optional cookie can be set.
    settings.GOOGLE_ANALYTICS_ID = "G-TEST1234"
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make browser-deps`.")
    # Injecting axe-core's source as an inline script is exactly what the
    # site's Content-Security-Policy forbids, so this one context bypasses
    # the policy; every other browser test runs under it.
    context = browser.new_context(base_url=site, locale="en-GB", bypass_csp=True)
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(site) else route.abort()
        ),
    )
    page = context.new_page()
    yield page
    context.close()


def run_axe(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' '))})))",
        WCAG_TAGS,
    )


def test_home_page_with_the_banner_open_has_no_axe_violation(axe_page):
    axe_page.goto("/")
    banner = axe_page.locator("#cookie-banner")
    assert banner.is_visible()
    assert axe_page.evaluate("document.querySelector('#cookie-banner').open")
    assert run_axe(axe_page) == []


def test_banner_choices_panel_has_no_axe_violation(axe_page):
    axe_page.goto("/")
    axe_page.get_by_role("button", name="Choose").click()
    axe_page.locator("#cookie-banner-choices").wait_for(state="visible")
    assert run_axe(axe_page) == []


def test_cookie_settings_page_has_no_axe_violation(axe_page):
    axe_page.goto("/cookies/")
    assert run_axe(axe_page) == []
