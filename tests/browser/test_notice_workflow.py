"""An editor changes the notice, the DPO approves it, the public sees version 2."""

import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from home import groups
from notice.models import NoticeVersion, PrivacyNoticePage
from tests.browser.helpers import refuse_cookies

OLD_SENTENCE = (
    "Your Personal Data will be kept confidential and not handed out to third parties."
)
NEW_SENTENCE = (
    "Your Personal Data will be kept confidential and shared only with the "
    "processors named in this notice."
)
SUMMARY = "The sharing section now names the processors."


def make_user(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="correct horse battery staple",
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_editor_submits_dpo_approves_and_version_2_is_public(
    page, context, site, admin_login, django_user_model
):
    make_user(django_user_model, "editor", groups.EDITORS)
    make_user(django_user_model, "dpo", groups.DPO)
    notice = PrivacyNoticePage.objects.get(locale__language_code="en")
    edit_url = f"/admin/pages/{notice.pk}/edit/"

    # The editor rewrites one sentence and submits the notice for approval.
    admin_login("editor")
    page.goto(edit_url)
    expect(page.locator(".Draftail-Editor", has_text=OLD_SENTENCE)).to_have_count(1)
    editors = page.locator(".Draftail-Editor")
    index = next(
        i for i, text in enumerate(editors.all_inner_texts()) if OLD_SENTENCE in text
    )
    paragraph = editors.nth(index)
    paragraph.locator("[contenteditable=true]").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(NEW_SENTENCE)
    expect(paragraph).to_contain_text(NEW_SENTENCE)
    # Draftail copies its content into the form's hidden input after a pause.
    page.wait_for_function(
        """text => Array.from(document.querySelectorAll("input[name^=body-]"))
            .some(input => input.value.includes(text))""",
        arg="processors named in this notice",
    )
    page.fill("#id_change_summary", "Names the processors.")
    expect(page.locator("footer button[name=action-publish]")).to_have_count(0)
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer button[name=action-submit]").click()
    expect(page.locator(".messages")).to_contain_text("submitted")

    # Nothing is public before the DPO approves.
    page.goto("/privacy/")
    expect(page.locator("main")).to_contain_text(OLD_SENTENCE)

    # The DPO approves, writing the change summary readers will see.
    context.clear_cookies()
    admin_login("dpo")
    page.goto(edit_url)
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer").get_by_role("button", name="Approve and publish").click()
    summary = page.locator("textarea[name=approval-change_summary]")
    expect(summary).to_have_value("Names the processors.")
    summary.fill(SUMMARY)
    page.locator(".modal-content button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Privacy notice")
    assert NoticeVersion.objects.filter(page=notice).count() == 2

    # The public notice, the archive and the diff all show version 2, to a
    # visitor who has answered the cookie banner.
    refuse_cookies(page)
    page.goto("/privacy/")
    expect(page.locator("main")).to_contain_text(NEW_SENTENCE)
    expect(page.locator(".notice__updated")).to_contain_text("version 2")

    page.goto("/privacy/versions/")
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("Version 2")
    expect(row).to_contain_text(SUMMARY)

    page.goto("/privacy/versions/1/")
    expect(page.locator(".notice-version__text")).to_contain_text(OLD_SENTENCE)

    page.goto("/privacy/versions/")
    page.get_by_role("link", name="See what changed in version 2").click()
    page.wait_for_url("**/privacy/versions/2/changes/")
    inserted = page.locator(".notice-diff__text ins")
    deleted = page.locator(".notice-diff__text del")
    expect(inserted.first).to_be_visible()
    assert any("processors named" in text for text in inserted.all_inner_texts())
    assert any(
        re.search(r"not\s+handed\s+out", text) for text in deleted.all_inner_texts()
    )
