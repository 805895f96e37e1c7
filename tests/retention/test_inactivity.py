"""Inactive accounts: one warning mailed 30 days ahead, erasure only after it,
and none for a person who follows its link in time."""

import datetime
import io
import logging
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from people import activity, services
from people.models import ConsentEvent, Person
from retention.models import RetentionSettings, add_months
from retention.purge import purge

pytestmark = pytest.mark.django_db

NOTICE = activity.WARNING_NOTICE


@pytest.fixture
def t0(initial_data):
    return timezone.now()


def person_last_seen(when, email="idle@example.org", **fields):
    person = services.register(full_name="Idle Person", email=email, confirmed=True)
    Person.objects.filter(pk=person.pk).update(last_active_at=when, **fields)
    person.refresh_from_db()
    return person


def period_start(now):
    """The moment a person last seen then reaches the end of the period ``now``."""
    return add_months(now, -RetentionSettings.current().inactive_account_months)


def link_path(message):
    return re.search(r"http://testserver(\S+)", message.body).group(1)


def test_a_person_past_the_period_is_warned_not_erased(t0):
    person = person_last_seen(period_start(t0) - datetime.timedelta(days=400))
    report = purge(now=t0)
    assert report["people warned of inactivity"] == 1
    assert report["inactive registered users"] == 0
    person.refresh_from_db()
    assert person.inactivity_warned_at == t0
    [message] = mail.outbox
    assert message.to == [person.email]
    assert "/my-data/keep/" in message.body


def test_the_warning_comes_30_days_before_the_period_ends_and_only_once(t0):
    soon = person_last_seen(period_start(t0) + NOTICE - datetime.timedelta(hours=1))
    person_last_seen(
        period_start(t0) + NOTICE + datetime.timedelta(days=2),
        email="later@example.org",
    )
    assert purge(now=t0)["people warned of inactivity"] == 1
    assert [message.to for message in mail.outbox] == [[soon.email]]
    assert (
        purge(now=t0 + datetime.timedelta(days=1))["people warned of inactivity"] == 0
    )
    assert len(mail.outbox) == 1


def test_erasure_comes_30_days_after_the_warning_if_nothing_happened(t0):
    person = person_last_seen(period_start(t0) - datetime.timedelta(days=1))
    purge(now=t0)
    assert (
        purge(now=t0 + NOTICE - datetime.timedelta(minutes=1))[
            "inactive registered users"
        ]
        == 0
    )
    assert Person.objects.filter(pk=person.pk).exists()
    assert purge(now=t0 + NOTICE)["inactive registered users"] == 1
    assert not Person.objects.filter(pk=person.pk).exists()
    assert ConsentEvent.objects.filter(
        person_public_id=person.public_id, action="erased", source="retention"
    ).exists()


def test_following_the_link_keeps_the_record_and_starts_a_fresh_clock(client, t0):
    person = person_last_seen(period_start(t0) - datetime.timedelta(days=1))
    purge(now=t0)
    path = link_path(mail.outbox[0])
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    assert purge(now=t0 + NOTICE)["inactive registered users"] == 0
    person.refresh_from_db()
    assert person.inactivity_warned_at is None
    # No new warning until the new period nears its end.
    assert len(mail.outbox) == 1
    later = person.last_active_at + datetime.timedelta(days=365)
    assert purge(now=later)["people warned of inactivity"] == 0


def test_a_warning_older_than_the_last_activity_counts_for_nothing(t0):
    """Activity recorded without clearing the warning (a direct update) still
    saves the person: only a warning given after the last sign of life counts."""
    old_warning = period_start(t0) - datetime.timedelta(days=60)
    person = person_last_seen(
        period_start(t0) - datetime.timedelta(days=1),
        inactivity_warned_at=old_warning,
    )
    report = purge(now=t0)
    assert report["inactive registered users"] == 0
    assert report["people warned of inactivity"] == 1
    person.refresh_from_db()
    assert person.inactivity_warned_at == t0


def test_a_person_never_seen_since_an_old_import_is_warned_first(t0):
    person = services.register(
        full_name="Imported", email="imported@example.org", confirmed=True
    )
    long_ago = t0 - datetime.timedelta(days=3650)
    Person.objects.filter(pk=person.pk).update(
        created_at=long_ago, confirmed_at=long_ago, last_active_at=None
    )
    report = purge(now=t0)
    assert report["inactive registered users"] == 0
    assert report["people warned of inactivity"] == 1


def test_the_warning_is_written_in_the_persons_language(t0):
    french = person_last_seen(
        period_start(t0) - datetime.timedelta(days=1), language="fr"
    )
    english = person_last_seen(
        period_start(t0) - datetime.timedelta(days=1),
        email="english@example.org",
    )
    purge(now=t0)
    body = {message.to[0]: message.body for message in mail.outbox}
    assert body[french.email].startswith("Bonjour,")
    assert "http://testserver/fr/my-data/keep/" in body[french.email]
    assert body[english.email].startswith("Hello,")
    assert "http://testserver/my-data/keep/" in body[english.email]


def test_a_failed_mail_leaves_the_person_unwarned_and_so_not_erased(
    t0, settings, caplog
):
    person = person_last_seen(period_start(t0) - datetime.timedelta(days=1))
    settings.EMAIL_BACKEND = "tests.retention.test_inactivity.BrokenBackend"
    caplog.set_level(logging.DEBUG)
    assert purge(now=t0)["people warned of inactivity"] == 0
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert f"person {person.pk} failed" in logged
    assert person.email not in logged
    person.refresh_from_db()
    assert person.inactivity_warned_at is None
    assert purge(now=t0 + NOTICE)["inactive registered users"] == 0
    assert Person.objects.filter(pk=person.pk).exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError(f"the mail server refused {messages[0].to[0]}")


def test_a_dry_run_sends_nothing_and_says_whom_it_would_warn(t0):
    person = person_last_seen(period_start(t0) - datetime.timedelta(days=1))
    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "Would warn 1 people of inactivity (kept 3 years;" in out.getvalue()
    assert mail.outbox == []
    person.refresh_from_db()
    assert person.inactivity_warned_at is None
