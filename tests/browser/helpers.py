"""Steps several browser tests share."""


def refuse_cookies(page):
    """Answer the first-visit cookie banner, a modal dialog, first."""
    page.goto("/")
    page.get_by_role("button", name="Refuse all").click()
    page.locator("#cookie-banner").wait_for(state="hidden")
