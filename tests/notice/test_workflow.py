"""Publishing the notice goes through the DPO's approval."""

import json

import pytest
from django.urls import reverse
from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from notice.models import NoticeVersion
from notice.workflow import NoticeApprovalTaskState
from tests.notice_helpers import english_notice, french_notice, replace_in_paragraph

pytestmark = pytest.mark.django_db

OLD = "<p>We keep your data safe.</p>"
NEW = "<p>We keep your data safe and name every processor.</p>"


@pytest.fixture
def short_notice(initial_data, superuser):
    """The English notice with a one-paragraph body, so the edit form is short."""
    draft = english_notice().get_latest_revision_as_object()
    draft.body = [("paragraph", OLD), ("dpo_contact", {"text": ""})]
    draft.change_summary = "Shortened for the test."
    draft.save_revision(user=superuser).publish(user=superuser)
    return english_notice()


def edit_data(page, body_html, **extra):
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "body": streamfield(
            [
                ("paragraph", rich_text(body_html)),
                ("dpo_contact", {"text": rich_text("<p>Write to the DPO.</p>")}),
            ]
        ),
        "change_summary": "Every processor is named.",
        "comments": inline_formset([]),
    }
    data.update(extra)
    return nested_form_data(data)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_editor_is_offered_submission_not_publication(client, editor, initial_data):
    client.force_login(editor)
    html = client.get(edit_url(english_notice())).content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_editor_cannot_publish_the_notice_through_the_editor(
    client, editor, short_notice
):
    client.force_login(editor)
    response = client.post(
        edit_url(short_notice), edit_data(short_notice, NEW, **{"action-publish": "1"})
    )
    assert response.status_code in (200, 302)
    assert NoticeVersion.objects.filter(page=short_notice).count() == 2
    assert "name every processor" not in client.get("/privacy/").content.decode()
    draft = english_notice().get_latest_revision_as_object()
    assert "name every processor" in json.dumps(list(draft.body.raw_data))


def test_editor_cannot_publish_the_notice_in_code(editor, initial_data):
    revision = replace_in_paragraph(
        english_notice(), "not handed", "never"
    ).save_revision(user=editor)
    with pytest.raises(PublishPagePermissionError):
        revision.publish(user=editor)
    assert NoticeVersion.objects.filter(page=english_notice()).count() == 1


def test_editor_cannot_unpublish_delete_or_schedule_the_notice(editor, initial_data):
    perms = english_notice().permissions_for_user(editor)
    assert not perms.can_publish()
    assert not perms.can_unpublish()
    assert not perms.can_delete()
    assert not perms.can_unschedule()
    assert perms.can_edit()
    assert perms.can_submit_for_moderation()


def test_editor_still_publishes_other_pages(editor, initial_data):
    about = Page.objects.get(slug="about", locale__language_code="en")
    assert about.permissions_for_user(editor).can_publish()


def test_nobody_can_delete_a_notice_that_has_versions(superuser, dpo, initial_data):
    for user in (superuser, dpo):
        assert not english_notice().permissions_for_user(user).can_delete()


def test_both_notices_are_under_the_dpo_workflow(initial_data):
    for notice in (english_notice(), french_notice()):
        workflow = notice.get_workflow()
        assert workflow is not None
        task = workflow.workflow_tasks.get().task.specific
        assert [g.name for g in task.groups.all()] == ["Data protection officer"]


def submit(client, editor, page):
    client.force_login(editor)
    response = client.post(
        edit_url(page), edit_data(page, NEW, **{"action-submit": "1"})
    )
    assert response.status_code == 302
    page = english_notice()
    assert page.workflow_in_progress
    return page.current_workflow_task_state


def approve_url(page, task_state):
    return reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", task_state.pk],
    )


def test_dpo_approval_publishes_a_version_with_the_dpo_summary(
    client, editor, dpo, short_notice
):
    task_state = submit(client, editor, short_notice)
    assert "name every processor" not in client.get("/privacy/").content.decode()

    client.force_login(dpo)
    response = client.post(
        approve_url(short_notice, task_state),
        {
            "approval-change_summary": "Names every processor.",
            "approval-material_change": "on",
        },
    )
    assert response.status_code == 302

    version = NoticeVersion.objects.filter(page=short_notice).latest("number")
    assert version.number == 3
    assert version.change_summary == "Names every processor."
    assert version.material_change is True
    assert version.published_by == dpo
    assert "name every processor" in client.get("/privacy/").content.decode()
    state = NoticeApprovalTaskState.objects.get(pk=task_state.pk)
    assert state.status == "approved"
    assert state.comment == "Names every processor."


def test_approval_without_a_summary_is_refused(client, editor, dpo, short_notice):
    task_state = submit(client, editor, short_notice)
    client.force_login(dpo)
    response = client.post(
        approve_url(short_notice, task_state),
        {"approval-change_summary": ""},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert "Write a change summary" in response.content.decode()
    assert english_notice().workflow_in_progress
    assert NoticeVersion.objects.filter(page=short_notice).count() == 2


def test_approval_form_starts_from_the_editor_summary(
    client, editor, dpo, short_notice
):
    task_state = submit(client, editor, short_notice)
    client.force_login(dpo)
    response = client.get(approve_url(short_notice, task_state))
    assert "Every processor is named." in response.content.decode()


def test_editor_cannot_approve(client, editor, short_notice):
    task_state = submit(client, editor, short_notice)
    response = client.post(
        approve_url(short_notice, task_state),
        {"approval-change_summary": "Self-approved."},
    )
    assert response.status_code in (302, 403)
    assert response.get("Location", "") != "/admin/pages/"
    assert NoticeVersion.objects.filter(page=short_notice).count() == 2
    assert NoticeApprovalTaskState.objects.get(pk=task_state.pk).status == (
        "in_progress"
    )


def test_dpo_can_publish_directly_with_a_summary(client, dpo, short_notice):
    client.force_login(dpo)
    response = client.post(
        edit_url(short_notice), edit_data(short_notice, NEW, **{"action-publish": "1"})
    )
    assert response.status_code == 302
    version = NoticeVersion.objects.filter(page=short_notice).latest("number")
    assert version.change_summary == "Every processor is named."
    assert version.published_by == dpo


def test_publishing_without_a_summary_is_refused(client, dpo, short_notice):
    client.force_login(dpo)
    response = client.post(
        edit_url(short_notice),
        edit_data(short_notice, NEW, change_summary="", **{"action-publish": "1"}),
    )
    assert "Write a change summary before publishing" in response.content.decode()
    assert NoticeVersion.objects.filter(page=short_notice).count() == 2


LATER = "2030-01-15 10:00"


def test_an_editor_cannot_set_an_expiry_date_on_the_notice(
    client, editor, short_notice
):
    """An expired notice takes /privacy/ and the whole archive down."""
    client.force_login(editor)
    response = client.post(
        edit_url(short_notice),
        edit_data(short_notice, NEW, expire_at=LATER, **{"action-submit": "1"}),
    )
    assert response.status_code == 200
    assert "cannot expire" in response.content.decode()
    assert not english_notice().workflow_in_progress


def test_nobody_sets_an_expiry_date_on_the_notice(client, dpo, short_notice):
    client.force_login(dpo)
    response = client.post(
        edit_url(short_notice),
        edit_data(short_notice, NEW, expire_at=LATER, **{"action-publish": "1"}),
    )
    assert "cannot expire" in response.content.decode()
    assert english_notice().expire_at is None
    assert client.get("/privacy/versions/").status_code == 200


def test_an_editor_cannot_schedule_the_notice(client, editor, short_notice):
    client.force_login(editor)
    response = client.post(
        edit_url(short_notice),
        edit_data(short_notice, NEW, go_live_at=LATER, **{"action-submit": "1"}),
    )
    assert response.status_code == 200
    assert "Only the data protection officer sets when" in response.content.decode()


def test_the_dpo_sees_a_scheduled_date_in_the_approval_dialog(
    client, dpo, short_notice
):
    client.force_login(dpo)
    client.post(
        edit_url(short_notice),
        edit_data(short_notice, NEW, go_live_at=LATER, **{"action-submit": "1"}),
    )
    page = english_notice()
    assert page.workflow_in_progress
    response = client.get(approve_url(page, page.current_workflow_task_state))
    html = response.content.decode()
    assert "This version is scheduled" in html
    assert "2030" in html
