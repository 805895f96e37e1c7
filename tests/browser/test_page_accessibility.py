"""axe-core on every demo page and public view, in both languages."""

import pytest
from wagtail.models import Page

from tests.browser.test_cookie_accessibility import AXE, run_axe

PUBLIC_VIEWS = [
    "/register/",
    "/my-data/",
    "/cookies/",
    "/privacy/request/",
    "/privacy/versions/",
    "/search/?q=genome",
]


@pytest.fixture
def axe_context(browser, site):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make browser-deps`.")
    # axe-core is injected as an inline script, which the site's policy
    # forbids: this context alone bypasses the CSP (see the cookie tests).
    context = browser.new_context(base_url=site, locale="en-GB", bypass_csp=True)
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(site) else route.abort()
        ),
    )
    yield context
    context.close()


def test_every_demo_page_and_public_view_has_no_axe_violation(axe_context):
    urls = [page.get_url() for page in Page.objects.live().filter(depth__gt=1)]
    urls += [prefix + path for prefix in ("", "/fr") for path in PUBLIC_VIEWS]
    assert any(url.startswith("/fr/") for url in urls[:-12])
    page = axe_context.new_page()
    violations = {}
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        found = run_axe(page)
        if found:
            violations[url] = found
    assert violations == {}
