"""Steps several browser tests share."""


def refuse_cookies(page):
    """Answer the first-visit cookie banner, a modal dialog, first.

    The banner asks only when an optional cookie can be set (Google
    Analytics configured, or another optional group); otherwise there is
    nothing to answer.
    """
    page.goto("/")
    refuse = page.locator("#cookie-banner").get_by_role("button", name="Refuse all")
    if refuse.count():
        refuse.click()
        page.locator("#cookie-banner").wait_for(state="hidden")
