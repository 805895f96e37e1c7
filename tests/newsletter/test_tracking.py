"""Campaigns are not tracked unless NEWSLETTER_TRACKING says so, and the notice
must say it when they are."""

import pytest

from newsletter import tracking
from notice import consistency
from notice.consistency import NoticeFacts, check_facts, check_page
from tests.newsletter.test_campaigns import add_issue, post_action
from tests.notice_helpers import english_notice, french_notice, publish_change

OFF = {"opens": False, "html_clicks": False, "text_clicks": False}
ON = {"opens": True, "html_clicks": True, "text_clicks": True}


@pytest.fixture
def issue(fake_mailchimp, initial_data):
    return add_issue("MicroScope news, November", "november")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("setting", "expected"), [(None, OFF), (False, OFF), (True, ON)]
)
def test_the_campaign_payload_sets_tracking_from_the_setting(
    settings, client, issue, communications, fake_mailchimp, setting, expected
):
    if setting is None:
        del settings.NEWSLETTER_TRACKING
    else:
        settings.NEWSLETTER_TRACKING = setting
    client.force_login(communications)
    post_action(client, issue, "save_campaign")
    (method, payload), *_rest = fake_mailchimp.state.campaign_payloads
    assert method == "POST"
    assert payload["tracking"] == expected
    (campaign,) = fake_mailchimp.state.campaigns.values()
    assert campaign["tracking"] == expected


@pytest.mark.django_db(transaction=True)
def test_a_saved_campaign_follows_a_change_of_the_setting(
    settings, client, issue, communications, fake_mailchimp
):
    settings.NEWSLETTER_TRACKING = True
    client.force_login(communications)
    post_action(client, issue, "save_campaign")
    settings.NEWSLETTER_TRACKING = False
    post_action(client, issue, "save_campaign")
    method, payload = fake_mailchimp.state.campaign_payloads[-1]
    assert (method, payload["tracking"]) == ("PATCH", OFF)
    (campaign,) = fake_mailchimp.state.campaigns.values()
    assert campaign["tracking"] == OFF


# -- the notice ----------------------------------------------------------------------
def facts(text, language_code="en"):
    return NoticeFacts(
        block_types={"dpo_contact", "retention_periods"},
        dpo_email="dpo@example.org",
        text=text,
        language_code=language_code,
    )


def ids(findings):
    return sorted(finding.id for finding in findings)


def test_the_rule_is_one_of_the_notice_rules():
    assert tracking.notice_mentions_tracking in consistency.RULES
    assert consistency.RULES.count(tracking.notice_mentions_tracking) == 1


@pytest.mark.parametrize(
    ("text", "language_code"),
    [
        ("We send a newsletter through Mailchimp.", "en"),
        ("Mailchimp records when you open a newsletter.", "en"),
        ("Nous envoyons une lettre d’information par Mailchimp.", "fr"),
    ],
)
def test_tracking_on_and_unsaid_is_reported(settings, text, language_code):
    settings.NEWSLETTER_TRACKING = True
    findings = check_facts(facts(text, language_code))
    assert ids(findings) == ["newsletter.W001"]
    assert "NEWSLETTER_TRACKING" in str(findings[0].message)


@pytest.mark.parametrize(
    ("text", "language_code"),
    [
        (
            "Mailchimp records whether you open the newsletter and click its links.",
            "en",
        ),
        ("Newsletters are sent with open and click tracking.", "en"),
        (
            "Mailchimp mesure l’ouverture des lettres et les clics sur leurs liens.",
            "fr",
        ),
        ("Les lettres d’information font l’objet d’un suivi par Mailchimp.", "fr"),
    ],
)
def test_a_notice_that_says_it_satisfies_the_rule(settings, text, language_code):
    settings.NEWSLETTER_TRACKING = True
    assert check_facts(facts(text, language_code)) == []


@pytest.mark.parametrize("setting", [False, None])
def test_tracking_off_needs_nothing_in_the_notice(settings, setting):
    if setting is None:
        del settings.NEWSLETTER_TRACKING
    else:
        settings.NEWSLETTER_TRACKING = setting
    assert check_facts(facts("We send a newsletter.")) == []


@pytest.mark.django_db
def test_the_live_notices_are_checked_for_tracking(settings, initial_data):
    settings.NEWSLETTER_TRACKING = True
    assert "newsletter.W001" in ids(check_page(english_notice()))
    assert "newsletter.W001" in ids(check_page(french_notice()))
    paragraph = "We do not use Google Analytics to track you"
    publish_change(
        english_notice(),
        paragraph,
        "Mailchimp tells us who opens each newsletter and which links they click. "
        + paragraph,
    )
    assert "newsletter.W001" not in ids(check_page(english_notice()))
    settings.NEWSLETTER_TRACKING = False
    assert "newsletter.W001" not in ids(check_page(french_notice()))
