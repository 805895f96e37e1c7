"""Newsletter pages become Mailchimp campaigns, sent once and only by Communications."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from wagtail import hooks
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)
from wagtail_newsletter import wagtail_hooks as wagtail_newsletter_hooks
from wagtail_newsletter.campaign_backends import CampaignBackendError
from wagtail_newsletter.models import NewsletterRecipients

from newsletter import actions
from newsletter.campaigns import MailchimpCampaignBackend
from newsletter.models import CampaignRecord, NewsletterIndexPage, NewsletterPage

pytestmark = pytest.mark.django_db(transaction=True)


def add_issue(title, slug):
    index = NewsletterIndexPage.objects.get()
    page = NewsletterPage(
        title=title,
        slug=slug,
        intro="What changed on the platform this month.",
        body=[
            ("heading", "New genomes"),
            ("paragraph", "<p>We added <b>120</b> genomes.</p>"),
            ("button", {"text": "See them", "url": "https://example.org/genomes"}),
        ],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    recipients, _created = NewsletterRecipients.objects.get_or_create(
        name="Everyone", audience="list0001"
    )
    page.newsletter_recipients = recipients
    page.save()
    return page


@pytest.fixture
def issue(fake_mailchimp, initial_data):
    return add_issue("MicroScope news, November", "november")


@pytest.fixture
def next_issue(fake_mailchimp, initial_data):
    return add_issue("MicroScope news, December", "december")


def form_data(page):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "body": streamfield(
                [
                    ("heading", "New genomes"),
                    ("paragraph", rich_text("<p>We added <b>120</b> genomes.</p>")),
                ]
            ),
            "comments": inline_formset([]),
            "newsletter_recipients": page.newsletter_recipients_id,
            "newsletter_subject": "",
        }
    )


def post_action(client, page, action, **extra):
    page.refresh_from_db()
    data = form_data(page)
    data["newsletter-action"] = action
    data.update(extra)
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_email_is_email_safe_with_a_plain_text_alternative(issue):
    html = issue.get_newsletter_html()
    assert "<table" in html and "<mj-" not in html
    assert "*|UNSUB|*" in html
    assert "New genomes" in html and "<b>120</b>" in html
    text = issue.get_newsletter_text()
    assert "MICROSCOPE NEWS, NOVEMBER" in text
    assert "We added 120 genomes." in text
    assert "See them: https://example.org/genomes" in text
    assert "*|UNSUB|*" in text and "<" not in text


def test_the_editor_previews_the_newsletter(client, issue, communications):
    client.force_login(communications)
    edit = client.get(f"/admin/pages/{issue.pk}/edit/")
    assert edit.status_code == 200
    assert "Save campaign to Mailchimp" in edit.content.decode()
    preview = f"/admin/pages/{issue.pk}/edit/preview/"
    assert client.post(preview, form_data(issue)).json()["is_valid"]
    response = client.get(preview, {"mode": "newsletter"})
    assert response.status_code == 200
    assert b"*|UNSUB|*" in response.content and b"<table" in response.content
    text = client.get(preview, {"mode": "newsletter_text"})
    assert text["Content-Type"].startswith("text/plain")
    assert b"NEW GENOMES" in text.content


def test_a_campaign_is_created_tested_and_sent_exactly_once(
    client, issue, communications, fake_mailchimp
):
    client.force_login(communications)
    messages = post_action(
        client, issue, "send_test_email", **{"newsletter-test-email": "me@example.org"}
    )
    assert any("Test message sent" in m for m in messages), messages
    campaign_id = NewsletterPage.objects.get(pk=issue.pk).newsletter_campaign
    assert fake_mailchimp.state.test_emails == [(campaign_id, ["me@example.org"])]
    campaign = fake_mailchimp.state.campaigns[campaign_id]
    assert "*|UNSUB|*" in campaign["html"] and "*|UNSUB|*" in campaign["plain_text"]
    assert campaign["recipients"]["list_id"] == "list0001"

    messages = post_action(client, issue, "send_campaign")
    assert any("now sending" in m for m in messages), messages
    assert fake_mailchimp.state.sends == [campaign_id]
    record = CampaignRecord.objects.get(page=issue)
    assert record.state == CampaignRecord.State.SENT
    assert record.sent_by == communications and record.sent_at is not None

    messages = post_action(client, issue, "send_campaign")
    assert any("already sent" in m for m in messages), messages
    assert fake_mailchimp.state.sends == [campaign_id]
    assert len(fake_mailchimp.state.campaigns) == 1

    entry = PageLogEntry.objects.get(page=issue, action="newsletter.campaign_sent")
    assert entry.data["campaign_id"] == campaign_id
    assert entry.data["sent_by"] == communications.get_username()
    history = client.get(f"/admin/pages/{issue.pk}/history/").content.decode()
    assert campaign_id in history


def test_a_save_that_failed_half_way_is_not_sent_and_not_duplicated(
    client, issue, communications, fake_mailchimp
):
    client.force_login(communications)
    fake_mailchimp.fail_next(1, status=400, method="PUT", path="/content")
    messages = post_action(client, issue, "send_campaign")
    assert fake_mailchimp.state.sends == []
    assert any("could not be saved" in m or "not sent" in m for m in messages), messages
    assert len(fake_mailchimp.state.campaigns) == 1  # created, content missing

    post_action(client, issue, "send_campaign")
    assert len(fake_mailchimp.state.campaigns) == 1  # the same campaign, reused
    (campaign_id,) = fake_mailchimp.state.campaigns
    assert fake_mailchimp.state.sends == [campaign_id]

    messages = post_action(client, issue, "send_campaign")
    assert fake_mailchimp.state.sends == [campaign_id]
    assert any("already sent" in m for m in messages)


def test_a_send_whose_answer_was_lost_is_not_repeated(
    client, issue, communications, fake_mailchimp
):
    client.force_login(communications)
    post_action(client, issue, "save_campaign")
    # Mailchimp sends, then the connection drops before the answer arrives.
    (campaign_id,) = fake_mailchimp.state.campaigns
    fake_mailchimp.state.campaigns[campaign_id]["status"] = "sent"
    fake_mailchimp.state.sends.append(campaign_id)
    messages = post_action(client, issue, "send_campaign")
    assert any("already sent" in m for m in messages), messages
    assert fake_mailchimp.state.sends == [campaign_id]
    assert CampaignRecord.objects.get().state == CampaignRecord.State.SENT


@pytest.mark.parametrize("who", ["editor", "dpo"])
def test_editors_and_the_dpo_cannot_send(client, issue, fake_mailchimp, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    messages = post_action(client, issue, "send_campaign")
    assert any("do not have permission" in m for m in messages), messages
    assert fake_mailchimp.state.sends == []
    post_action(
        client, issue, "send_test_email", **{"newsletter-test-email": "x@example.org"}
    )
    assert fake_mailchimp.state.test_emails == []


def test_superusers_can_send(client, issue, superuser, fake_mailchimp):
    client.force_login(superuser)
    post_action(client, issue, "send_campaign")
    assert len(fake_mailchimp.state.sends) == 1


def test_scheduling_validates_the_time_and_blocks_a_send(
    client, issue, communications, fake_mailchimp
):
    client.force_login(communications)
    when = timezone.localtime() + timedelta(days=1)
    bad = when.replace(minute=7, second=0, microsecond=0)
    messages = post_action(
        client,
        issue,
        "schedule_campaign",
        **{"newsletter-schedule-schedule_time": bad.strftime("%Y-%m-%d %H:%M")},
    )
    assert any("quarter hour" in m for m in messages), messages
    good = when.replace(minute=30, second=0, microsecond=0)
    messages = post_action(
        client,
        issue,
        "schedule_campaign",
        **{"newsletter-schedule-schedule_time": good.strftime("%Y-%m-%d %H:%M")},
    )
    assert any("scheduled" in m for m in messages), messages
    (campaign,) = fake_mailchimp.state.campaigns.values()
    assert campaign["status"] == "schedule"
    messages = post_action(client, issue, "send_campaign")
    assert any("scheduled for" in m for m in messages), messages
    assert fake_mailchimp.state.sends == []


def test_each_admin_action_acts_for_its_own_page_and_user(
    client, issue, next_issue, communications, superuser, fake_mailchimp
):
    """Two issues sent by two people: each campaign, record and log entry is
    the page's own and names the person who pressed the button."""
    client.force_login(communications)
    post_action(client, issue, "send_campaign")
    client.force_login(superuser)
    post_action(client, next_issue, "send_campaign")

    issue.refresh_from_db()
    next_issue.refresh_from_db()
    assert fake_mailchimp.state.sends == [
        issue.newsletter_campaign,
        next_issue.newsletter_campaign,
    ]
    for page, user, month in (
        (issue, communications, "NOVEMBER"),
        (next_issue, superuser, "DECEMBER"),
    ):
        campaign = fake_mailchimp.state.campaigns[page.newsletter_campaign]
        assert f"MICROSCOPE NEWS, {month}" in campaign["plain_text"]
        record = CampaignRecord.objects.get(page=page)
        assert record.campaign_id == page.newsletter_campaign
        assert record.state == CampaignRecord.State.SENT
        assert record.sent_by == user
        sent = PageLogEntry.objects.get(page=page, action="newsletter.campaign_sent")
        assert sent.user == user
        assert sent.data["sent_by"] == user.get_username()
        steps = PageLogEntry.objects.filter(
            page=page, action__startswith="wagtail_newsletter."
        )
        assert {entry.action for entry in steps} == {
            "wagtail_newsletter.save_campaign",
            "wagtail_newsletter.send_campaign",
        }
        assert {entry.user for entry in steps} == {user}


def test_backends_made_for_two_pages_and_users_keep_them_apart(
    issue, next_issue, communications, superuser, fake_mailchimp
):
    """The page and the user belong to the backend object, not to the process:
    two backends used in turn each save and send for their own page and user."""
    backends = [
        MailchimpCampaignBackend(page=issue, user=communications),
        MailchimpCampaignBackend(page=next_issue, user=superuser),
    ]
    campaign_ids = [
        backend.save_campaign(
            recipients=backend.page.newsletter_recipients,
            subject=backend.page.title,
            html=backend.page.get_newsletter_html(),
            from_name="MicroScope",
            reply_to="newsletter@example.org",
        )
        for backend in backends
    ]
    backends[1].send_campaign(campaign_ids[1])
    backends[0].send_campaign(campaign_ids[0])

    assert fake_mailchimp.state.sends == [campaign_ids[1], campaign_ids[0]]
    for backend, campaign_id in zip(backends, campaign_ids, strict=True):
        record = CampaignRecord.objects.get(page=backend.page)
        assert record.campaign_id == campaign_id
        assert record.sent_by == backend.user
        sent = PageLogEntry.objects.get(
            page=backend.page, action="newsletter.campaign_sent"
        )
        assert sent.user == backend.user
    with pytest.raises(CampaignBackendError, match="already sent"):
        backends[0].send_campaign(campaign_ids[0])


def test_only_the_sites_hook_runs_the_newsletter_tab_actions():
    """wagtail-newsletter's hook, whose backend knows neither the page nor the
    user, is replaced: an action never runs twice or without them."""
    for hook_name in ("after_create_page", "after_edit_page"):
        registered = hooks.get_hooks(hook_name)
        assert actions.run_campaign_action in registered
        assert wagtail_newsletter_hooks.redirect_to_campaign_page not in registered


def test_an_unscheduled_newsletter_can_then_be_sent(
    client, issue, communications, fake_mailchimp
):
    """Unscheduling goes through wagtail-newsletter's own view, whose backend
    knows no page: the campaign id is enough to free the page's record."""
    client.force_login(communications)
    when = (timezone.localtime() + timedelta(days=1)).replace(
        minute=30, second=0, microsecond=0
    )
    post_action(
        client,
        issue,
        "schedule_campaign",
        **{"newsletter-schedule-schedule_time": when.strftime("%Y-%m-%d %H:%M")},
    )
    record = CampaignRecord.objects.get(page=issue)
    assert record.state == CampaignRecord.State.SCHEDULED
    assert record.sent_by == communications

    response = client.post(f"/admin/newsletter/pages/{issue.pk}/unschedule/")
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("unscheduled" in m for m in messages), messages
    record.refresh_from_db()
    assert record.state == CampaignRecord.State.DRAFT and record.sent_by is None

    messages = post_action(client, issue, "send_campaign")
    assert any("now sending" in m for m in messages), messages
    assert fake_mailchimp.state.sends == [record.campaign_id]


def test_the_backend_lists_every_audience_and_segment_page(fake_mailchimp):
    for index in range(3):
        fake_mailchimp.state.add_audience(f"aud{index}", f"Audience {index}")
    fake_mailchimp.state.add_audience("big", "Big one", segments=1203)
    backend = MailchimpCampaignBackend()
    assert len(backend.get_audiences()) == 5
    segments = backend.get_audience_segments("big")
    assert len(segments) == 1203
    assert segments[-1].id == "big/2202"
    assert fake_mailchimp.state.call_count("GET", "/lists/big/segments") == 2


def test_mailchimp_errors_become_clear_messages(fake_mailchimp):
    backend = MailchimpCampaignBackend()
    fake_mailchimp.down()
    with pytest.raises(CampaignBackendError, match="could not be reached"):
        backend.get_audiences()
    fake_mailchimp.up()
    with pytest.raises(CampaignBackendError, match="no longer has"):
        backend.send_test_email(campaign_id="missing", email="a@example.org")


def test_newsletters_live_under_the_newsletters_page_only(initial_data):
    from wagtail.models import Page

    from home.models import HomePage

    assert NewsletterPage.allowed_parent_page_models() == [NewsletterIndexPage]
    assert NewsletterIndexPage.allowed_parent_page_models() == [HomePage]
    assert not NewsletterPage.allowed_subpage_models()
    assert Page.objects.type(NewsletterIndexPage).live().count() == 1


def test_the_newsletters_page_answers(client, initial_data):
    assert client.get("/newsletters/").status_code == 200
