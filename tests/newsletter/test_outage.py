"""A Mailchimp outage of any length only delays the outbox; it never ends it.

Time is frozen and moved run by run; the real ``newsletter_sync`` command,
the real push task and the real mailchimp3 client talk to the fake server.
"""

import io
import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Min

from home import groups
from newsletter import backlog
from newsletter.gateway import subscriber_hash
from newsletter.models import BacklogAlert, SyncRecord
from newsletter.sync import retry_delay
from newsletter.tasks import push_record
from people import services
from tests.mailchimp import API_KEY

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
EVERY = timedelta(minutes=5)  # the scheduler's period for newsletter_sync
CAP = timedelta(hours=6)
ALERT_SUBJECT = "waited for Mailchimp"
State = SyncRecord.State


def subscribe(email):
    person = services.register(
        full_name=f"{email.split('@')[0].title()} Tester",
        email=email,
        newsletter=True,
        laboratory="LABGeM",
    )
    return services.confirm(person)


def sync(*args):
    out = io.StringIO()
    call_command("newsletter_sync", *args, stdout=out)
    return out.getvalue()


def waiting():
    return SyncRecord.objects.filter(state=State.PENDING)


def next_run_after(now):
    """When the scheduler's next run finds work: at least one period later."""
    due = waiting().aggregate(at=Min("next_attempt_at"))["at"]
    return max(now + EVERY, due or now)


def alerts(mailoutbox):
    return [m for m in mailoutbox if ALERT_SUBJECT in m.subject]


@pytest.mark.parametrize(
    "size",
    [2, 20],
    ids=["one-call-per-row", "batch-operations"],  # BATCH_THRESHOLD is 50
)
def test_an_outage_of_200_attempts_ends_with_mailchimp_matching_the_site(
    fake_mailchimp,
    initial_data,
    communications,
    dpo,
    editor,
    time_machine,
    mailoutbox,
    size,
):
    time_machine.move_to(START, tick=False)
    stay = [subscribe(f"stay{i}@example.org") for i in range(size)]
    leave = [subscribe(f"leave{i}@example.org") for i in range(size)]
    erased = [subscribe(f"gone{i}@example.org") for i in range(size)]
    mover = subscribe("mover@example.org")
    assert fake_mailchimp.state.audience().member_count() == 3 * size + 1

    fake_mailchimp.down()
    for person in leave:
        services.set_newsletter_consent(person, False, source="self-service")
    for person in erased:
        services.erase(person, source="dpo")
    services.update_profile(mover, source="self-service", email="moved@example.org")
    newcomers = [subscribe(f"new{i}@example.org") for i in range(size)]
    assert waiting().count() == 3 * size + 1

    now = START
    for run in range(200):
        if run == 100:
            # Changes keep coming during the outage, on their own schedule.
            late = subscribe("late@example.org")
            services.erase(stay[0], source="dpo")
        now = next_run_after(now)
        time_machine.move_to(now, tick=False)
        sync()
        assert not SyncRecord.objects.filter(state=State.FAILED).exists()
        latest = waiting().order_by("-next_attempt_at").first()
        assert latest.next_attempt_at - now <= CAP

    assert now - START > timedelta(days=20)
    # Every row outlived the twelve attempts that used to end in "failed".
    assert min(waiting().values_list("attempts", flat=True)) > 12
    assert waiting().filter(waiting_since=START, attempts__gt=100).exists()
    assert len(alerts(mailoutbox)) == 2  # one each, once, for the whole outage

    fake_mailchimp.up()
    back = now
    while waiting().exists() and now - back <= CAP + EVERY:
        now = next_run_after(now)
        time_machine.move_to(now, tick=False)
        sync()

    audience = fake_mailchimp.state.audience()
    status = {m["email_address"]: m["status"] for m in audience.members.values()}
    for person in [*stay[1:], *newcomers, late]:
        assert status[person.email] == "subscribed", person.email
    for person in leave:
        assert status[person.email] == "unsubscribed", person.email
    assert status["moved@example.org"] == "subscribed"
    assert "mover@example.org" not in status
    for address in [p.email for p in erased] + [stay[0].email]:
        assert address not in status
        assert subscriber_hash(address) in audience.forgotten
    assert set(SyncRecord.objects.values_list("state", flat=True)) == {State.SYNCED}
    assert not SyncRecord.objects.filter(operation=SyncRecord.Operation.DELETE).exclude(
        subscriber_hash="", previous_hash="", email=""
    )

    sync()  # the backlog has cleared: the alert is closed, and none is sent
    mails = alerts(mailoutbox)
    assert sorted(m.to[0] for m in mails) == [communications.email, dpo.email]
    assert BacklogAlert.objects.get().cleared_at is not None


def test_runs_within_the_backoff_make_no_attempt(fake_mailchimp, time_machine):
    time_machine.move_to(START, tick=False)
    fake_mailchimp.down()
    subscribe("ada@example.org")
    record = SyncRecord.objects.get()
    for attempts in range(1, 10):
        assert record.attempts == attempts
        due_at = record.next_attempt_at
        assert due_at - START == sum(
            (retry_delay(n) for n in range(1, attempts + 1)), timedelta()
        )
        time_machine.move_to(due_at - timedelta(seconds=1), tick=False)
        sync()
        record.refresh_from_db()
        assert (record.attempts, record.next_attempt_at) == (attempts, due_at)
        time_machine.move_to(due_at, tick=False)
        sync()
        record.refresh_from_db()


def test_the_backoff_doubles_up_to_six_hours_and_stays_there():
    delays = [retry_delay(attempts) for attempts in range(1, 1001)]
    assert delays[0] == timedelta(seconds=30)
    assert delays[1] == timedelta(seconds=60)
    assert all(b >= a for a, b in zip(delays, delays[1:], strict=False))
    assert delays[-1] == CAP
    assert max(delays) == CAP


def test_one_answer_from_mailchimp_brings_every_waiting_row_forward(
    fake_mailchimp, time_machine
):
    time_machine.move_to(START, tick=False)
    fake_mailchimp.down()
    first = subscribe("first@example.org")
    for _ in range(8):
        time_machine.move_to(waiting().get().next_attempt_at, tick=False)
        sync()
    # A second change joins the outage later: its backoff is short.
    time_machine.shift(timedelta(minutes=1))
    subscribe("second@example.org")
    first_row = SyncRecord.objects.get(person=first)
    second_row = SyncRecord.objects.exclude(pk=first_row.pk).get()
    assert first_row.next_attempt_at - second_row.next_attempt_at > timedelta(hours=1)

    fake_mailchimp.up()
    time_machine.move_to(second_row.next_attempt_at, tick=False)
    output = sync()

    assert "Nothing waits" in output
    assert fake_mailchimp.member("first@example.org")["status"] == "subscribed"
    assert fake_mailchimp.member("second@example.org")["status"] == "subscribed"


def test_a_run_that_finds_mailchimp_down_tries_one_row_not_all(
    fake_mailchimp, time_machine
):
    time_machine.move_to(START, tick=False)
    fake_mailchimp.down()
    for index in range(10):
        subscribe(f"p{index}@example.org")
    fake_mailchimp.up()
    fake_mailchimp.fail_next(1000, status=503)
    time_machine.shift(timedelta(hours=1))
    calls = len(fake_mailchimp.state.calls)
    sync()
    # One row's call and its in-call retries (RETRIES is 2 in tests), no more.
    assert len(fake_mailchimp.state.calls) - calls == 3
    assert set(waiting().values_list("attempts", flat=True)) == {2}
    assert (
        waiting().filter(next_attempt_at__lte=START + timedelta(hours=1)).count() == 0
    )


def test_a_refused_key_waits_for_the_fix_instead_of_failing(
    fake_mailchimp, time_machine
):
    time_machine.move_to(START, tick=False)
    fake_mailchimp.api_key = "another-key-us21"
    subscribe("ada@example.org")
    record = SyncRecord.objects.get()
    assert record.state == State.PENDING
    assert "401" in record.last_error
    fake_mailchimp.api_key = API_KEY
    time_machine.move_to(record.next_attempt_at, tick=False)
    sync()
    assert fake_mailchimp.member("ada@example.org")["status"] == "subscribed"


def test_a_permanent_error_is_the_only_end(fake_mailchimp):
    fake_mailchimp.state.set_member("ada@example.org", "unsubscribed")
    subscribe("ada@example.org")
    record = SyncRecord.objects.get()
    assert record.state == State.FAILED
    assert record.next_attempt_at is None
    assert "Member In Compliance State" in record.last_error
    calls = len(fake_mailchimp.state.calls)
    sync()
    assert len(fake_mailchimp.state.calls) == calls


def test_a_task_queued_by_an_earlier_change_does_not_jump_the_backoff(
    fake_mailchimp, time_machine
):
    time_machine.move_to(START, tick=False)
    fake_mailchimp.down()
    subscribe("ada@example.org")
    record = SyncRecord.objects.get()
    time_machine.move_to(record.next_attempt_at - timedelta(seconds=1), tick=False)
    fake_mailchimp.up()
    result = push_record.enqueue(record.pk).return_value
    assert result == "not due"
    assert fake_mailchimp.member("ada@example.org") is None
    assert SyncRecord.objects.get().attempts == 1


# -- the alert --------------------------------------------------------------------
def test_the_alert_goes_once_per_backlog(
    fake_mailchimp, initial_data, communications, dpo, time_machine, mailoutbox
):
    time_machine.move_to(START, tick=False)
    fake_mailchimp.down()
    subscribe("ada@example.org")
    for hours in (1, 12, 23):
        time_machine.move_to(START + timedelta(hours=hours), tick=False)
        sync()
    assert alerts(mailoutbox) == []

    time_machine.move_to(START + timedelta(hours=24), tick=False)
    output = sync()
    assert "Alert emailed to 2 people" in output
    assert len(alerts(mailoutbox)) == 2
    body = alerts(mailoutbox)[0].body
    assert "for 1\xa0day" in body
    assert "1 change is waiting" in body
    assert "ada@example.org" not in body and "Tester" not in body
    assert "/admin/newsletter/overview/" in body
    for hours in (25, 48, 24 * 7):
        time_machine.move_to(START + timedelta(hours=hours), tick=False)
        sync()
    assert len(alerts(mailoutbox)) == 2

    # The backlog clears...
    fake_mailchimp.up()
    sync("--now")
    assert not waiting().exists()
    assert BacklogAlert.objects.get().cleared_at is not None
    # ...and a new one builds up: a new alert, once.
    fake_mailchimp.down()
    second_start = START + timedelta(days=8)
    time_machine.move_to(second_start, tick=False)
    subscribe("bob@example.org")
    for hours in (1, 23, 24, 30, 48):
        time_machine.move_to(second_start + timedelta(hours=hours), tick=False)
        sync()
    assert len(alerts(mailoutbox)) == 4
    assert BacklogAlert.objects.count() == 2


def test_the_alert_counts_from_the_first_waiting_change_not_the_latest(
    fake_mailchimp, initial_data, dpo, time_machine, mailoutbox
):
    time_machine.move_to(START, tick=False)
    fake_mailchimp.down()
    person = subscribe("ada@example.org")
    for hours in range(1, 25):
        time_machine.move_to(START + timedelta(hours=hours), tick=False)
        # A change every hour does not reset how long Mailchimp has been behind.
        services.update_profile(person, source="self-service", laboratory=f"L{hours}")
    sync()
    assert [m.to for m in alerts(mailoutbox)] == [[dpo.email]]


def test_newsletter_alert_after_sets_the_delay_in_seconds(
    settings, fake_mailchimp, initial_data, dpo, time_machine, mailoutbox
):
    settings.NEWSLETTER_ALERT_AFTER = 3600
    time_machine.move_to(START, tick=False)
    fake_mailchimp.down()
    subscribe("ada@example.org")
    time_machine.move_to(START + timedelta(minutes=59), tick=False)
    sync()
    assert alerts(mailoutbox) == []
    time_machine.move_to(START + timedelta(minutes=60), tick=False)
    sync()
    assert len(alerts(mailoutbox)) == 1


def test_inactive_users_users_without_address_and_other_groups_get_no_alert(
    initial_data, make_user, dpo, editor, superuser
):
    former = make_user("former", groups.COMMUNICATIONS)
    former.is_active = False
    former.save()
    silent = make_user("silent", groups.COMMUNICATIONS)
    silent.email = ""
    silent.save()
    assert backlog.alert_recipients() == [dpo.email]


# -- no noise every five minutes --------------------------------------------------
@pytest.mark.parametrize("situation", ["not configured", "mailchimp down"])
def test_the_scheduler_logs_no_traceback_for_a_waiting_outbox(
    settings, fake_mailchimp, caplog, time_machine, situation
):
    time_machine.move_to(START, tick=False)
    fake_mailchimp.down()
    subscribe("ada@example.org")
    if situation == "not configured":
        settings.MAILCHIMP_API_KEY = ""
    time_machine.move_to(START + timedelta(hours=1), tick=False)  # a retry is due
    settings.SCHEDULED_JOBS = [{"command": "newsletter_sync", "every": 300}]
    out, err = io.StringIO(), io.StringIO()
    caplog.clear()
    call_command("run_scheduler", once=True, stdout=out, stderr=err)
    assert err.getvalue() == ""
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "1 changes wait" in lines[0]


def test_check_fails_when_changes_are_left(fake_mailchimp):
    from django.core.management.base import CommandError

    fake_mailchimp.down()
    subscribe("ada@example.org")
    with pytest.raises(CommandError, match="wait for Mailchimp"):
        sync("--check", "--now")
    fake_mailchimp.up()
    assert "Nothing waits" in sync("--check", "--now")
