"""Every model in the personal-data registry has a retention period or an
explicit reason to have none, and each rule deletes only what is past its
period."""

import datetime
import io
import uuid

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

from home import personal_data
from newsletter.models import WebhookEvent
from notice.blocks import RetentionPeriodsBlock
from retention import periods
from retention.models import RetentionSettings, add_months
from retention.purge import purge

pytestmark = pytest.mark.django_db

# Entries with no retention period of their own, and why that is right: they
# live and die with the record, are pseudonymous proof, or are staff data.
KEPT_WITHOUT_PERIOD = {
    "auth.User": "staff accounts, deleted by an administrator",
    "people.ConsentEvent": "pseudonymous proof of consents and erasures",
    "newsletter.SyncRecord": "emptied once pushed, and on erasure",
    "wagtailcore.ModelLogEntry": "lives and dies with the person's record",
    "wagtailcore.Revision": "lives and dies with the person's record",
    "wagtailsearch.IndexEntry": "lives and dies with the person's record",
    "rights.NoticeChangeDelivery": "proof the person was told of a change; "
    "lives and dies with the person's record",
    "events.EventPage": "a work contact published with an event, kept with "
    "the page its editors manage",
}


def test_every_registered_model_has_a_period_or_a_stated_reason():
    missing = []
    for entry in personal_data.entries():
        if entry.retention is not None:
            assert entry.retention in periods.keys(), entry.label
            continue
        # A rule of its own ("a day after the link expires") with a purge.
        if entry.purge is not None and entry.kept:
            continue
        if entry.label not in KEPT_WITHOUT_PERIOD:
            missing.append(entry.label)
    assert missing == [], f"no retention period and no reason: {missing}"


def test_no_entry_says_its_period_is_not_set():
    for entry in personal_data.entries():
        assert "no period" not in entry.kept, entry.label


@pytest.mark.parametrize(
    "label",
    [
        "wagtailforms.FormSubmission",
        "axes.AccessAttempt",
        "axes.AccessFailureLog",
        "axes.AccessLog",
        "sessions.Session",
        "django_tasks_database.DBTaskResult",
        "newsletter.WebhookEvent",
    ],
)
def test_the_new_rules_are_registered_with_a_period_and_a_purge(label):
    entry = personal_data.get(label)
    assert entry.retention in periods.keys()
    assert entry.purge is not None


def test_the_notice_shows_every_period_in_both_languages(client, initial_data):
    """The English notice shows the new periods; the block speaks French too."""
    english = client.get("/privacy/").content.decode()
    for label in (
        "Messages sent through the contact form",
        "Administrators’ login attempts and logins (username, IP address)",
        "Results of background tasks, once finished",
        "Unsubscriptions and bounces reported by the mail service",
        "Browser sessions (the session cookie and what it holds)",
    ):
        assert label.replace("’", "&#x27;") in english or label in english, label
    assert "6 months" in english and "30 days" in english and "14 days" in english
    with translation.override("fr"):
        french = RetentionPeriodsBlock().render(None)
    assert "6 mois" in french and "30 jours" in french and "14 jours" in french


def make_rows(now, age):
    """One row of each kind, ``age`` old (a function of the period's cutoff)."""
    cutoffs = RetentionSettings.current().cutoffs(now)
    page = Page.objects.get(slug="contact", locale__language_code="en")
    submission = FormSubmission.objects.create(
        page=page, form_data={"email": "someone@example.org"}
    )
    FormSubmission.objects.filter(pk=submission.pk).update(
        submit_time=age(cutoffs["contact_messages"])
    )
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        extra = {"failures_since_start": 1} if model is AccessAttempt else {}
        row = model.objects.create(
            username="admin",
            ip_address="192.0.2.9",
            user_agent=str(uuid.uuid4()),
            **extra,
        )
        model.objects.filter(pk=row.pk).update(
            attempt_time=age(cutoffs["login_attempts"])
        )
    DBTaskResult.objects.create(
        status=TaskResultStatus.SUCCESSFUL,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="newsletter.tasks.push_record",
        backend_name="default",
        run_after=age(cutoffs["task_results"]),
        finished_at=age(cutoffs["task_results"]),
        exception_class_path="",
        traceback="",
    )
    WebhookEvent.objects.create(
        received_at=age(cutoffs["webhook_events"]),
        event_type="unsubscribe",
        person_public_id=uuid.uuid4(),
        outcome="applied",
    )


OLDER = lambda cutoff: cutoff - datetime.timedelta(hours=1)  # noqa: E731
NEWER = lambda cutoff: cutoff + datetime.timedelta(hours=1)  # noqa: E731
RULES = {
    "contact messages": FormSubmission,
    "admin login attempts": AccessAttempt,
    "failed admin logins": AccessFailureLog,
    "admin logins": AccessLog,
    "finished background task results": DBTaskResult,
    "Mailchimp webhook events": WebhookEvent,
}


def test_each_rule_deletes_the_rows_past_its_period_and_keeps_the_others(
    initial_data,
):
    now = timezone.now()
    make_rows(now, OLDER)
    make_rows(now, NEWER)
    report = purge(now=now)
    for what, model in RULES.items():
        assert report[what] == 1, what
        assert model.objects.count() == 1, what
    assert FormSubmission.objects.get().submit_time > add_months(now, -12)
    assert purge(now=now)["contact messages"] == 0


def test_unfinished_task_results_are_kept_whatever_their_age(initial_data):
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=400)
    for status in (TaskResultStatus.READY, TaskResultStatus.RUNNING):
        DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="retention.purge.purge_personal_data_task",
            backend_name="default",
            run_after=long_ago,
            exception_class_path="",
            traceback="",
        )
    assert purge(now=now)["finished background task results"] == 0
    assert DBTaskResult.objects.count() == 2


def test_sessions_go_when_expired_or_set_to_outlive_the_session_age(
    initial_data, settings
):
    now = timezone.now()
    age = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    for key, expires in (
        ("expired", now - datetime.timedelta(minutes=1)),
        ("current", now + age - datetime.timedelta(minutes=1)),
        ("too-long", now + age + datetime.timedelta(days=1)),
    ):
        Session.objects.create(session_key=key, session_data="", expire_date=expires)
    assert purge(now=now)["browser sessions"] == 2
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]


def test_the_periods_follow_the_settings(initial_data):
    now = timezone.now()
    retention = RetentionSettings.current()
    retention.webhook_event_days = 5
    retention.save()
    WebhookEvent.objects.create(
        received_at=now - datetime.timedelta(days=6),
        event_type="cleaned",
        outcome="applied",
    )
    WebhookEvent.objects.create(
        received_at=now - datetime.timedelta(days=4),
        event_type="cleaned",
        outcome="applied",
    )
    assert purge(now=now)["Mailchimp webhook events"] == 1
    assert WebhookEvent.objects.count() == 1


def test_a_dry_run_deletes_nothing_and_reports_each_rule_with_its_period(
    initial_data,
):
    now = timezone.now()
    make_rows(now, OLDER)
    Session.objects.create(
        session_key="expired",
        session_data="",
        expire_date=now - datetime.timedelta(minutes=1),
    )
    counts = {model: model.objects.count() for model in [*RULES.values(), Session]}
    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    for expected in (
        "Would delete 1 contact messages (kept 1 year).",
        "Would delete 1 admin login attempts (kept 6 months).",
        "Would delete 1 failed admin logins (kept 6 months).",
        "Would delete 1 admin logins (kept 6 months).",
        "Would delete 1 browser sessions (kept 14 days).",
        "Would delete 1 finished background task results (kept 30 days).",
        "Would delete 1 Mailchimp webhook events (kept 30 days).",
        "Would delete 0 unconfirmed sign-ups (kept 7 days).",
        "Would warn 0 people of inactivity "
        "(kept 3 years; warned 30 days before erasure).",
    ):
        assert expected in lines
    assert {model: model.objects.count() for model in counts} == counts
