"""Editors see what they are about to submit: the preview panel shows the page."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from home import groups


@pytest.fixture
def editor_login(admin_login, django_user_model, site):
    user = django_user_model.objects.create_user(
        username="editor",
        email="editor@example.org",
        password="correct horse battery staple",
    )
    user.groups.add(Group.objects.get(name=groups.EDITORS))
    admin_login("editor")
    return user


def shown_preview(page, title, timeout=15):
    """The preview panel's frame once it shows ``title`` (Wagtail swaps the
    iframe as the preview refreshes, so an early handle may be detached)."""
    for _ in range(timeout * 4):
        for frame in page.frames:
            if "/preview/" in frame.url and not frame.is_detached():
                try:
                    if title in frame.title():
                        return frame
                except Exception:  # noqa: BLE001, S112 - swapped while read
                    continue
        page.wait_for_timeout(250)
    raise AssertionError(
        f"No preview showing {title!r}: {[f.url for f in page.frames]}"
    )


@pytest.mark.parametrize("slug", ["home", "about", "contact", "privacy", "newsletters"])
def test_the_preview_panel_shows_the_page_without_a_csp_violation(
    page, editor_login, slug
):
    target = Page.objects.get(slug=slug, locale__language_code="en")
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            or "frame-ancestors" in message.text
            else None
        ),
    )
    page.goto(f"/admin/pages/{target.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    frame = shown_preview(page, target.title)
    # A refused frame shows Chromium's error page (body.neterror) instead.
    assert "neterror" not in (frame.locator("body").get_attribute("class") or "")
    assert violations == []
    # The panel keeps refreshing: leave the editor before the database is reset.
    page.goto("about:blank")
    page.wait_for_timeout(500)


def test_the_newsletter_email_preview_shows_the_email(
    page, admin_login, django_user_model, site
):
    from newsletter.models import NewsletterIndexPage
    from tests.factories import NewsletterPageFactory

    django_user_model.objects.create_superuser(
        username="chief",
        email="chief@example.org",
        password="correct horse battery staple",
    )
    index = NewsletterIndexPage.objects.get(locale__language_code="en")
    issue = NewsletterPageFactory(parent=index, title="Issue of the month")
    issue.save_revision().publish()
    admin_login("chief")
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            or "frame-ancestors" in message.text
            else None
        ),
    )
    page.goto(f"/admin/pages/{issue.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    shown_preview(page, "Issue of the month")
    page.locator(
        "select[name='preview-mode'], select#id_preview_mode"
    ).first.select_option("newsletter")
    frame = shown_preview_mode(page, "newsletter", "Issue of the month")
    assert "neterror" not in (frame.locator("body").get_attribute("class") or "")
    assert violations == []
    page.goto("about:blank")
    page.wait_for_timeout(500)


def shown_preview_mode(page, mode, text, timeout=15):
    for _ in range(timeout * 4):
        for frame in page.frames:
            if f"mode={mode}" in frame.url and not frame.is_detached():
                try:
                    if text in frame.content():
                        return frame
                except Exception:  # noqa: BLE001, S112 - swapped while read
                    continue
        page.wait_for_timeout(250)
    raise AssertionError(f"No {mode} preview: {[f.url for f in page.frames]}")
