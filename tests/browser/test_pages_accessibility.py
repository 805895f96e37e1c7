"""axe-core on every page of the demo content, in English and in French."""

import pytest

from tests.browser.test_cookie_accessibility import run_axe

PATHS = [
    "",
    "about/",
    "documentation/",
    "training/",
    "publications/",
    "legal-notice/",
    "accessibility/",
    "contact/",
    "privacy/",
]


@pytest.fixture
def axe_pages(browser, site):
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


def test_every_demo_page_has_no_axe_violation_in_either_language(axe_pages):
    found = {}
    for prefix in ("/", "/fr/"):
        for path in PATHS:
            response = axe_pages.goto(f"{prefix}{path}")
            assert response.status == 200, f"{prefix}{path}"
            violations = run_axe(axe_pages)
            if violations:
                found[f"{prefix}{path}"] = violations
    assert found == {}
