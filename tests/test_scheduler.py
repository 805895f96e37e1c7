import datetime as dt
import functools
import io
import json
import logging
import signal
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st

from home.models import ScheduledJob, SchedulerLock, StandardPage
from home.scheduler import (
    LOCK_TTL,
    AlreadyRunning,
    Job,
    Lock,
    LockLost,
    Scheduler,
    holding,
    last_heartbeat,
    load_jobs,
    next_run,
    run_job,
)

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC


def paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


def utc(*args):
    return dt.datetime(*args, tzinfo=UTC)


def daily(at, zone="Europe/Paris"):
    return Job("purge_personal_data", at=at, zone=ZoneInfo(zone))


class FakeClock:
    """The scheduler loop's clock and sleep: sleeping moves the clock on."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def db_tasks(settings):
    """Tasks go to the database, as in production, instead of running inline."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


# The worker closes its database connection after each task, as in
# production: inside a test's wrapping transaction that would end it.
worker_db = pytest.mark.django_db(transaction=True)


def run_worker():
    """`manage.py db_worker --batch`: runs every queued task, then returns."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in signals}
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [each.level for each in loggers]
    try:
        call_command(
            "db_worker",
            batch=True,
            reload=False,
            startup_delay=False,
            worker_id="test-worker",
            stdout=io.StringIO(),
        )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for each, level in zip(loggers, levels, strict=True):
            each.setLevel(level)


def queued(command):
    """The scheduler's task rows for ``command``, oldest first."""
    rows = DBTaskResult.objects.filter(
        task_path="home.scheduler.run_scheduled_job"
    ).order_by("enqueued_at")
    return [row for row in rows if row.args_kwargs["args"][0] == command]


def scheduled_page(home_page, slug):
    page = StandardPage(title=slug, slug=slug, live=False)
    home_page.add_child(instance=page)
    page.save_revision(approved_go_live_at=timezone.now() - dt.timedelta(minutes=1))
    return page


# When a job is due (pure) ------------------------------------------------------


def test_daily_job_runs_at_the_set_time_in_the_schedule_time_zone():
    job = daily(dt.time(3, 30))
    assert next_run(job, paris(2026, 6, 10, 12, 0)) == paris(2026, 6, 11, 3, 30)
    assert next_run(job, paris(2026, 6, 11, 3, 29)) == paris(2026, 6, 11, 3, 30)
    assert next_run(job, paris(2026, 6, 11, 3, 30)) == paris(2026, 6, 12, 3, 30)
    # The same instant given in UTC (01:30) or another zone changes nothing.
    assert next_run(job, utc(2026, 6, 11, 1, 29)) == utc(2026, 6, 11, 1, 30)


def test_default_daily_time_keeps_its_wall_clock_time_across_both_dst_changes():
    job = daily(dt.time(3, 30))
    # Clocks go forward at 02:00 on 29 March 2026: 03:30 is then 01:30 UTC.
    assert next_run(job, paris(2026, 3, 28, 12, 0)) == utc(2026, 3, 29, 1, 30)
    # Clocks go back at 03:00 on 25 October 2026: 03:30 is then 02:30 UTC.
    assert next_run(job, paris(2026, 10, 24, 12, 0)) == utc(2026, 10, 25, 2, 30)


def test_a_daily_time_skipped_by_the_spring_change_runs_when_the_gap_ends():
    job = daily(dt.time(2, 30))
    run = next_run(job, paris(2026, 3, 28, 12, 0))
    # 02:30 does not exist that night; 03:00 CEST (01:00 UTC) is the first
    # time after it.
    assert run == utc(2026, 3, 29, 1, 0)
    assert run.astimezone(PARIS).time() == dt.time(3, 0)
    assert next_run(job, run) == utc(2026, 3, 30, 0, 30)


def test_a_daily_time_repeated_by_the_autumn_change_runs_once():
    job = daily(dt.time(2, 30))
    first = next_run(job, paris(2026, 10, 24, 12, 0))
    assert first == utc(2026, 10, 25, 0, 30)  # 02:30 CEST, the first of two
    # Not again at 02:30 CET an hour later: the next run is the next day.
    assert next_run(job, first) == utc(2026, 10, 26, 1, 30)
    assert next_run(job, utc(2026, 10, 25, 1, 0)) == utc(2026, 10, 26, 1, 30)


def test_interval_job_runs_every_so_many_seconds():
    job = Job("publish_scheduled", every=dt.timedelta(seconds=60))
    assert next_run(job, utc(2026, 3, 29, 0, 59, 30)) == utc(2026, 3, 29, 1, 0, 30)


def test_next_run_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="aware"):
        next_run(daily(dt.time(3, 30)), dt.datetime(2026, 1, 1))


ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Tokyo"]
MINUTE_TIMES = st.builds(dt.time, st.integers(0, 23), st.integers(0, 59))


@functools.cache
def clock_changes(zone, year):
    """The instants (UTC) when ``zone``'s clocks change during ``year``."""
    tz = ZoneInfo(zone)
    changes = []
    minute = dt.datetime(year, 1, 1, tzinfo=UTC)
    while minute.year == year:
        hour_later = minute + dt.timedelta(hours=1)
        if minute.astimezone(tz).utcoffset() != hour_later.astimezone(tz).utcoffset():
            while minute.astimezone(tz).utcoffset() == (
                (minute + dt.timedelta(minutes=1)).astimezone(tz).utcoffset()
            ):
                minute += dt.timedelta(minutes=1)
            changes.append(minute + dt.timedelta(minutes=1))
        minute = hour_later
    return changes


@st.composite
def any_day(draw):
    after = draw(
        st.datetimes(
            min_value=dt.datetime(2000, 1, 1),
            max_value=dt.datetime(2040, 1, 1),
            timezones=st.just(UTC),
        )
    )
    return draw(st.sampled_from(ZONES)), draw(MINUTE_TIMES), after


@st.composite
def around_a_clock_change(draw):
    """A daily time within 90 minutes of a clock change, a day or so around it:
    where skipped and repeated times are."""
    zone = draw(st.sampled_from(ZONES[:3]))
    change = draw(st.sampled_from(clock_changes(zone, draw(st.integers(2000, 2039)))))
    wall = (change - dt.timedelta(seconds=1)).astimezone(ZoneInfo(zone)).replace(
        tzinfo=None
    ) + dt.timedelta(seconds=1)
    at = (wall + dt.timedelta(minutes=draw(st.integers(-90, 90)))).time()
    after = change + dt.timedelta(seconds=draw(st.integers(-2 * 86400, 86400)))
    return zone, at, after


@given(case=st.one_of(any_day(), around_a_clock_change()))
def test_daily_next_run_properties(case):
    """After ``after``, within 25 hours, at the set time (or the end of a
    skipped hour), the first such time, and once a day."""
    zone, at, after = case
    job = daily(at, zone)
    tz = ZoneInfo(zone)
    run = next_run(job, after)
    assert after < run <= after + dt.timedelta(hours=25)

    local = run.astimezone(tz)
    on_time = dt.datetime.combine(local.date(), at, tzinfo=tz)
    if on_time.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == (
        on_time.replace(tzinfo=None)
    ):
        assert run == on_time.astimezone(UTC)  # the set time, first occurrence
    else:  # skipped that day: the first time that exists after it
        assert local.time() > at
        assert (run - dt.timedelta(seconds=1)).astimezone(tz).time() < at

    day_before = dt.datetime.combine(local.date() - dt.timedelta(days=1), at, tzinfo=tz)
    if day_before.astimezone(UTC).astimezone(tz).time() == at:
        assert day_before <= after  # no run between ``after`` and ``run``

    following = next_run(job, run).astimezone(tz)
    assert following.date() == local.date() + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("daily_at", "jobs"),
    [
        ("25:00", []),
        ("3h30", []),
        ("03:30", [{"command": "check", "every": 60, "daily": True}]),
        ("03:30", [{"command": "check", "every": 0}]),
        ("03:30", [{"command": "check", "daily": True, "args": "--deploy"}]),
        ("03:30", [{"command": "check", "daily": True, "at": "04:00"}]),
    ],
)
def test_a_wrong_schedule_is_refused_with_the_setting_named(settings, daily_at, jobs):
    settings.SCHEDULE_DAILY_AT = daily_at
    with pytest.raises(ImproperlyConfigured, match="SCHEDULE"):
        load_jobs(jobs)


def test_schedule_settings_shape_the_daily_jobs(settings):
    settings.SCHEDULE_DAILY_AT = "04:15"
    settings.SCHEDULE_TIME_ZONE = "America/New_York"
    (job,) = load_jobs([{"command": "purge_personal_data", "daily": True}])
    assert next_run(job, utc(2026, 6, 10, 0, 0)) == utc(2026, 6, 10, 8, 15)


# The loop: enqueued at the set time, as tasks ----------------------------------


@worker_db
def test_daily_job_is_enqueued_at_the_set_time_and_run_by_the_worker(
    home_page, settings, db_tasks
):
    settings.SCHEDULE_DAILY_AT = "04:15"
    scheduler = Scheduler(
        load_jobs([{"command": "publish_scheduled", "daily": True}]),
        lock=Lock("test"),
    )
    scheduler.start(paris(2026, 6, 10, 12, 0))
    assert scheduler.tick(paris(2026, 6, 10, 12, 0)) == []
    assert scheduler.tick(paris(2026, 6, 11, 4, 14, 59)) == []
    assert queued("publish_scheduled") == []

    page = scheduled_page(home_page, "release-notes")
    assert len(scheduler.tick(paris(2026, 6, 11, 4, 15))) == 1
    assert scheduler.tick(paris(2026, 6, 11, 4, 16)) == []
    (row,) = queued("publish_scheduled")
    assert row.status == "READY"
    assert row.args_kwargs["args"] == ["publish_scheduled", []]
    page.refresh_from_db()
    assert not page.live  # the scheduler only enqueues

    run_worker()
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert row.return_value == {"ok": True}
    page.refresh_from_db()
    assert page.live

    scheduler.tick(paris(2026, 6, 12, 4, 15))
    assert len(queued("publish_scheduled")) == 2


def test_the_loop_enqueues_with_an_injected_clock_and_releases_the_lock(
    db, settings, db_tasks
):
    settings.SCHEDULE_DAILY_AT = "03:30"
    jobs = load_jobs(
        [
            {"command": "publish_scheduled", "every": 60},
            {"command": "prune_consent_ledger", "daily": True},
        ]
    )
    clock = FakeClock(paris(2026, 3, 29, 3, 25))
    scheduler = Scheduler(jobs, lock=Lock("loop"))
    scheduler.run(
        clock=clock,
        sleep=clock.sleep,
        stopping=lambda: clock() >= paris(2026, 3, 29, 3, 35),
    )
    # Once at 03:30 (a DST day: 01:30 UTC); interval jobs from the start, and
    # not again while the previous task still waits for a worker.
    (daily_row,) = queued("prune_consent_ledger")
    assert len(queued("publish_scheduled")) == 1
    lock = SchedulerLock.objects.get()
    assert lock.holder == "loop"
    assert lock.expires_at == paris(2026, 3, 29, 3, 35)  # released on the way out
    assert last_heartbeat() >= paris(2026, 3, 29, 3, 34, 25)
    assert daily_row.args_kwargs["args"] == ["prune_consent_ledger", []]


@worker_db
def test_a_job_still_waiting_for_a_worker_is_not_enqueued_twice(db, db_tasks, caplog):
    jobs = load_jobs([{"command": "publish_scheduled", "every": 60}])
    scheduler = Scheduler(jobs, lock=Lock("test"))
    start = utc(2026, 6, 10, 12, 0)
    scheduler.start(start)
    scheduler.tick(start)
    with caplog.at_level(logging.INFO, logger="microscope.scheduler"):
        scheduler.tick(start + dt.timedelta(seconds=60))
        scheduler.tick(start + dt.timedelta(seconds=120))
    assert len(queued("publish_scheduled")) == 1
    assert [r.getMessage() for r in caplog.records] == [
        "Scheduled job publish_scheduled not enqueued: its previous task still "
        "waits for a task worker"
    ]
    run_worker()
    scheduler.tick(start + dt.timedelta(seconds=180))
    assert len(queued("publish_scheduled")) == 2


@worker_db
def test_a_failing_task_does_not_stop_the_others(home_page, db_tasks, caplog):
    page = scheduled_page(home_page, "later")
    jobs = load_jobs(
        [
            {"command": "purge_revisions", "every": 60, "args": ["--days", "x"]},
            {"command": "publish_scheduled", "every": 60},
        ]
    )
    scheduler = Scheduler(jobs, lock=Lock("test"))
    scheduler.start(timezone.now())
    assert len(scheduler.tick(timezone.now())) == 2

    with caplog.at_level(logging.INFO, logger="microscope.scheduler"):
        run_worker()
    (failed,) = queued("purge_revisions")
    (published,) = queued("publish_scheduled")
    assert failed.return_value == {"ok": False}
    assert published.return_value == {"ok": True}
    page.refresh_from_db()
    assert page.live
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        "Scheduled job purge_revisions --days x failed"
    ]


# Run once, inline (cron) -------------------------------------------------------


def test_scheduler_once_publishes_a_page_whose_time_has_come(home_page):
    page = scheduled_page(home_page, "release-notes")
    assert not page.live

    with override_settings(
        SCHEDULED_JOBS=[{"command": "publish_scheduled", "every": 60}]
    ):
        call_command("run_scheduler", once=True, stdout=io.StringIO())

    page.refresh_from_db()
    assert page.live


def test_scheduler_once_does_not_run_beside_a_running_scheduler(home_page):
    page = scheduled_page(home_page, "not-twice")
    Lock("host:1:running").acquire(timezone.now())
    jobs = [{"command": "publish_scheduled", "every": 60}]
    with override_settings(SCHEDULED_JOBS=jobs):
        with pytest.raises(CommandError, match=r"host:1:running\) holds the lock"):
            call_command("run_scheduler", once=True, stdout=io.StringIO())
    page.refresh_from_db()
    assert not page.live


def test_scheduler_once_lets_a_scheduler_start_right_after(db):
    with override_settings(SCHEDULED_JOBS=[]):
        call_command("run_scheduler", once=True, stdout=io.StringIO())
    assert SchedulerLock.objects.get().expires_at <= timezone.now()
    assert Lock("next").acquire(timezone.now())


@worker_db
def test_the_lock_of_a_long_run_once_is_renewed_in_the_background(db):
    lock = Lock("long-run")
    with holding(lock, every=dt.timedelta(milliseconds=20)):
        taken = SchedulerLock.objects.get().renewed_at
        deadline = time.monotonic() + 10
        while SchedulerLock.objects.get().renewed_at == taken:
            assert time.monotonic() < deadline, "the lock was never renewed"
            time.sleep(0.02)
        with pytest.raises(AlreadyRunning):
            with holding(Lock("cron-again")):
                pass
    assert SchedulerLock.objects.get().expires_at <= timezone.now()


def test_scheduler_skips_commands_that_are_not_installed(db):
    err = io.StringIO()
    jobs = [{"command": "no_such_command", "every": 60}]
    with override_settings(SCHEDULED_JOBS=jobs):
        call_command("run_scheduler", once=True, stdout=io.StringIO(), stderr=err)
    assert "Skipping unknown command no_such_command" in err.getvalue()


def test_a_failing_job_does_not_stop_the_others(home_page):
    err = io.StringIO()
    page = scheduled_page(home_page, "later")
    jobs = [
        {"command": "purge_revisions", "every": 60, "args": ["--days", "not-a-number"]},
        {"command": "publish_scheduled", "daily": True},
    ]
    with override_settings(SCHEDULED_JOBS=jobs):
        call_command("run_scheduler", once=True, stdout=io.StringIO(), stderr=err)
    assert "purge_revisions --days not-a-number failed; see the log." in (
        err.getvalue()
    )
    page.refresh_from_db()
    assert page.live


def test_a_job_whose_service_is_not_configured_is_skipped_with_one_line(db, settings):
    settings.MAILCHIMP_API_KEY = ""
    settings.MAILCHIMP_AUDIENCE_ID = "audience"
    settings.SCHEDULED_JOBS = [
        {
            "command": "newsletter_sync",
            "every": 300,
            "requires": ["MAILCHIMP_API_KEY", "MAILCHIMP_AUDIENCE_ID"],
        },
        {"command": "publish_scheduled", "every": 60},
    ]
    err = io.StringIO()
    call_command("run_scheduler", once=True, stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "Skipping newsletter_sync: not configured (MAILCHIMP_API_KEY not set)."
    ]
    assert list(ScheduledJob.objects.values_list("name", flat=True)) == [
        "publish_scheduled"
    ]


# Failures are logged once, then once an hour ---------------------------------


def test_a_job_that_keeps_failing_logs_its_traceback_once_then_hourly(
    db, settings, tmp_path, caplog
):
    settings.FIXTURE_DIRS = [str(tmp_path)]
    caplog.set_level(logging.INFO, logger="microscope.scheduler")
    start = dt.datetime(2026, 6, 10, 12, 0, tzinfo=UTC)

    def run_at(minutes):
        caplog.clear()
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            ok = run_job("loaddata", ["scheduler_probe"], stdout=io.StringIO())
        return ok, [
            (r.levelname, r.getMessage(), bool(r.exc_info)) for r in caplog.records
        ]

    assert run_at(0) == (
        False,
        [("ERROR", "Scheduled job loaddata scheduler_probe failed", True)],
    )
    assert run_at(5) == (False, [])
    assert run_at(59) == (False, [])
    ok, records = run_at(61)
    assert not ok
    assert records == [
        (
            "ERROR",
            "Scheduled job loaddata scheduler_probe still failing (CommandError), "
            "4 failures since 2026-06-10T12:00:00+00:00",
            False,
        )
    ]
    assert run_at(90) == (False, [])

    (tmp_path / "scheduler_probe.json").write_text(
        json.dumps([{"model": "auth.group", "fields": {"name": "Probe"}}])
    )
    ok, records = run_at(95)
    assert ok
    assert records[0][:2] == (
        "WARNING",
        "Scheduled job loaddata scheduler_probe works again after 5 failures",
    )
    assert Group.objects.filter(name="Probe").exists()
    state = ScheduledJob.objects.get(name="loaddata scheduler_probe")
    assert state.failing_since is None
    assert state.last_success_at == start + dt.timedelta(minutes=95)

    (tmp_path / "scheduler_probe.json").unlink()
    ok, records = run_at(96)  # failing again after a success: a traceback
    assert not ok
    assert records == [("ERROR", "Scheduled job loaddata scheduler_probe failed", True)]


# One scheduler at a time -------------------------------------------------------


def test_a_second_scheduler_exits_with_a_clear_message(db):
    assert Lock("other-host:123:abc").acquire(timezone.now())
    with pytest.raises(CommandError, match=r"Another scheduler \(other-host:123:abc\)"):
        call_command("run_scheduler", stdout=io.StringIO(), stderr=io.StringIO())
    assert SchedulerLock.objects.get().holder == "other-host:123:abc"


def test_a_lapsed_lock_is_taken_over_and_the_old_holder_stops(db):
    t0 = utc(2026, 6, 10, 12, 0)
    first, second = Lock("first"), Lock("second")
    jobs = load_jobs([{"command": "publish_scheduled", "every": 60}])
    old = Scheduler(jobs, lock=first, submit=lambda job: None)
    old.start(t0)
    assert last_heartbeat() == t0
    assert first.renew(t0 + dt.timedelta(seconds=30))
    assert last_heartbeat() == t0 + dt.timedelta(seconds=30)

    # Renewed: still held just before it lapses.
    assert not second.acquire(t0 + dt.timedelta(seconds=30) + LOCK_TTL)
    # The first stops renewing (crashed, or stuck): the lock lapses.
    taken_at = t0 + dt.timedelta(seconds=31) + LOCK_TTL
    assert second.acquire(taken_at)
    assert SchedulerLock.objects.get().holder == "second"
    assert last_heartbeat() == taken_at

    with pytest.raises(LockLost):
        old.tick(taken_at + dt.timedelta(seconds=5))
    assert not first.acquire(taken_at + dt.timedelta(seconds=10))


def test_a_standby_scheduler_takes_over_when_the_lock_lapses(db, db_tasks):
    t0 = utc(2026, 6, 10, 12, 0)
    assert Lock("crashed").acquire(t0)
    clock = FakeClock(t0 + dt.timedelta(seconds=10))
    jobs = load_jobs([{"command": "publish_scheduled", "every": 60}])
    Scheduler(jobs, lock=Lock("standby")).run(
        standby=True,
        clock=clock,
        sleep=clock.sleep,
        stopping=lambda: clock() >= t0 + dt.timedelta(minutes=4),
    )
    assert SchedulerLock.objects.get().holder == "standby"
    assert last_heartbeat() > t0 + LOCK_TTL
    assert len(queued("publish_scheduled")) == 1


def started_scheduler(now, *, last_success_at=None):
    if last_success_at is not None:
        ScheduledJob.objects.create(
            name="prune_consent_ledger", last_success_at=last_success_at
        )
    submitted = []
    scheduler = Scheduler(
        load_jobs([{"command": "prune_consent_ledger", "daily": True}]),
        lock=Lock("catch-up"),
        submit=submitted.append,
    )
    scheduler.start(now)
    return scheduler, submitted


def test_a_daily_run_missed_while_the_scheduler_was_down_runs_at_start_up(db, settings):
    settings.SCHEDULE_DAILY_AT = "03:30"
    # Last run two nights ago; the scheduler was down at 03:30 this night.
    scheduler, submitted = started_scheduler(
        paris(2026, 6, 10, 9, 0), last_success_at=paris(2026, 6, 9, 3, 30, 40)
    )
    assert len(scheduler.tick(paris(2026, 6, 10, 9, 0))) == 1
    assert [job.name for job in submitted] == ["prune_consent_ledger"]
    # Then back to its time: not again today, once the next night.
    assert scheduler.tick(paris(2026, 6, 10, 23, 0)) == []
    assert len(scheduler.tick(paris(2026, 6, 11, 3, 30))) == 1


def test_a_daily_job_that_ran_last_night_waits_for_its_time(db, settings):
    settings.SCHEDULE_DAILY_AT = "03:30"
    scheduler, submitted = started_scheduler(
        paris(2026, 6, 10, 9, 0), last_success_at=paris(2026, 6, 10, 3, 31)
    )
    assert scheduler.tick(paris(2026, 6, 10, 9, 0)) == []
    assert submitted == []


def test_a_daily_job_that_never_ran_waits_for_its_time(db, settings):
    settings.SCHEDULE_DAILY_AT = "03:30"
    scheduler, submitted = started_scheduler(paris(2026, 6, 10, 9, 0))
    assert scheduler.tick(paris(2026, 6, 10, 9, 0)) == []
    assert len(scheduler.tick(paris(2026, 6, 11, 3, 30))) == 1
