"""The public site in a real browser."""

from tests.browser.helpers import refuse_cookies


def test_home_page_loads_with_only_local_requests(page, external_requests):
    page.goto("/")
    assert page.locator("h1").inner_text() == "MicroScope"
    assert external_requests == []


def test_search_box_in_the_header_finds_a_page(page):
    refuse_cookies(page)
    page.goto("/")
    page.fill("#site-search-query", "privacy")
    page.press("#site-search-query", "Enter")
    page.wait_for_url("**/search/?query=privacy")
    assert page.locator("h1").inner_text() == "Search"


def test_skip_link_moves_focus_to_the_content(page):
    refuse_cookies(page)
    page.goto("/about/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_no_content_security_policy_violation_on_the_notice(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    response = page.goto("/privacy/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    page.wait_for_load_state("networkidle")
    assert violations == []
