"""The notice is checked against how the site is configured."""

import io

import pytest
from django.core.management import call_command

from home import personal_data
from home.models import SiteSettings
from notice import consistency
from notice.consistency import NoticeFacts, check_facts, check_page
from retention import periods as retention_periods
from retention.models import RetentionSettings
from tests.notice_helpers import MAILCHIMP, SHARING, english_notice, publish_change

pytestmark = pytest.mark.django_db


def ids(findings):
    return sorted(finding.id for finding in findings)


def facts(**kwargs):
    kwargs.setdefault("block_types", {"dpo_contact"})
    kwargs.setdefault("dpo_email", "dpo@example.org")
    return NoticeFacts(**kwargs)


def test_analytics_without_cookie_table_is_reported(settings):
    settings.GOOGLE_ANALYTICS_ID = "G-TEST123"
    findings = check_facts(facts(text="We use Google Analytics."))
    assert ids(findings) == ["notice.W001"]
    assert "no cookie table" in str(findings[0].message)


def test_a_cookie_table_block_satisfies_the_analytics_rule(settings):
    settings.GOOGLE_ANALYTICS_ID = "G-TEST123"
    notice = facts(block_types={"dpo_contact", "cookie_table"}, text="Google")
    assert check_facts(notice) == []


def test_analytics_off_needs_no_cookie_table(settings):
    settings.GOOGLE_ANALYTICS_ID = ""
    assert check_facts(facts(text="")) == []


def test_mailchimp_configured_but_not_named_is_reported(settings):
    settings.MAILCHIMP_API_KEY = "abc-us21"
    findings = check_facts(facts(text=SHARING))
    assert ids(findings) == ["notice.W002"]
    assert "Mailchimp" in str(findings[0].message)
    assert "not handed out to third parties" in str(findings[0].hint)


def test_naming_mailchimp_satisfies_the_processor_rule(settings):
    settings.MAILCHIMP_API_KEY = "abc-us21"
    assert check_facts(facts(text=MAILCHIMP)) == []


def test_retention_period_not_shown_is_reported_from_the_real_settings():
    """W003 follows Settings › Retention periods, through the registry."""
    periods = RetentionSettings.current()
    # A length no other period has: W003 looks for the length in the text.
    periods.visitor_log_months = 9
    periods.save()
    notice = facts(
        # An old text: it states the previous visitor-log period only.
        text="Visitor log: 12 months. "
        + " ".join(
            f"{label}: {length}." for label, length in other_periods("visitor_log")
        ),
        retention_periods=consistency.collect_retention_periods(),
    )
    findings = check_facts(notice)
    assert ids(findings) == ["notice.W003"]
    assert "9 months" in str(findings[0].message)
    assert "Visitor log" in str(findings[0].message)


def test_every_period_of_registered_personal_data_must_be_shown():
    """A notice that states no period gets one W003 per period in use."""
    findings = check_facts(
        facts(text="", retention_periods=consistency.collect_retention_periods())
    )
    in_use = {entry.retention for entry in personal_data.entries() if entry.retention}
    assert ids(findings) == ["notice.W003"] * len(in_use)
    assert {"visitor_log", "request_evidence", "consent_ledger"} <= in_use


def other_periods(*excluded):
    return [
        (str(retention_periods.get(key).label), retention_periods.get(key).length())
        for key in sorted(retention_periods.keys() - set(excluded))
    ]


def test_a_retention_periods_block_shows_every_period():
    notice = facts(
        block_types={"dpo_contact", "retention_periods"},
        retention_periods=[("Visitor log", "12 months")],
    )
    assert check_facts(notice) == []


def test_empty_dpo_contact_is_reported():
    findings = check_facts(facts(dpo_email="", dpo_postal_address=""))
    assert ids(findings) == ["notice.W004"]


def test_other_parts_can_add_a_rule(monkeypatch):
    def no_lorem(notice):
        return [consistency.Finding("x.W1", "Lorem")] if "lorem" in notice.text else []

    monkeypatch.setattr(consistency, "RULES", [*consistency.RULES, no_lorem])
    assert ids(check_facts(facts(text="lorem ipsum"))) == ["x.W1"]


def test_seed_notice_has_its_cookie_table_but_names_no_processor(
    settings, initial_data
):
    """The seed carries the live cookie table (no W001), but still says data is
    "not handed out to third parties" while Mailchimp and Google are on."""
    settings.GOOGLE_ANALYTICS_ID = "G-TEST123"
    settings.MAILCHIMP_API_KEY = "abc-us21"
    assert ids(check_page(english_notice())) == ["notice.W002"]


def test_system_check_reports_the_live_notice(settings, initial_data):
    settings.MAILCHIMP_API_KEY = "abc-us21"
    out, err = io.StringIO(), io.StringIO()
    call_command("check", "--database", "default", stdout=out, stderr=err)
    report = out.getvalue() + err.getvalue()
    assert "notice.W002" in report
    assert "Privacy notice (en)" in report

    publish_change(english_notice(), SHARING, f"{SHARING} {MAILCHIMP}")
    out = io.StringIO()
    call_command("check", "--database", "default", stdout=out, stderr=out)
    assert "Privacy notice (en): Mailchimp" not in out.getvalue()


def test_edit_view_panel_shows_the_findings(client, settings, initial_data, dpo):
    settings.MAILCHIMP_API_KEY = "abc-us21"
    client.force_login(dpo)
    html = client.get(f"/admin/pages/{english_notice().pk}/edit/").content.decode()
    assert "The notice does not match how the site is set up" in html
    assert "Mailchimp is configured" in html


def test_edit_view_panel_says_when_all_is_well(client, initial_data, dpo):
    site_settings = SiteSettings.for_site(initial_data)
    assert site_settings.dpo_email
    client.force_login(dpo)
    html = client.get(f"/admin/pages/{english_notice().pk}/edit/").content.decode()
    assert "The notice matches how the site is set up" in html
