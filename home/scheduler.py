"""Periodic jobs: when each is due, one scheduler per site, how a job runs.

``manage.py run_scheduler`` holds the lock (a ``SchedulerLock`` row), works
out when each job of ``settings.SCHEDULED_JOBS`` is due (``next_run``) and
only enqueues it: the task worker runs it (``run_scheduled_job``, below)
with ``run_job``, so a long job holds up no other. ``run_scheduler --once``
calls ``run_job`` inline.
"""

import contextlib
import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from .models import ScheduledJob, SchedulerLock

logger = logging.getLogger("microscope.scheduler")

LOCK_NAME = "scheduler"
# A crashed scheduler's lock lapses after LOCK_TTL; the running one renews
# it every RENEW_EVERY, so three renewals can fail (a busy database) first.
LOCK_TTL = dt.timedelta(minutes=2)
RENEW_EVERY = dt.timedelta(seconds=30)
# A job that keeps failing logs its traceback once, then one line this often.
STILL_FAILING_EVERY = dt.timedelta(hours=1)
# The loop wakes up at least this often (seconds), to notice SIGTERM.
MAX_SLEEP = 5.0

JOB_KEYS = {"command", "args", "every", "daily", "requires"}


@dataclass(frozen=True)
class Job:
    """One entry of SCHEDULED_JOBS: an interval job or a daily one."""

    command: str
    args: tuple[str, ...] = ()
    every: dt.timedelta | None = None
    at: dt.time | None = None
    zone: dt.tzinfo | None = None
    requires: tuple[str, ...] = ()

    @property
    def name(self):
        return " ".join((self.command, *self.args))

    @property
    def missing_settings(self):
        """The settings this job needs that are empty (then it is not run)."""
        return [name for name in self.requires if not getattr(settings, name, None)]

    def describe(self):
        if self.every is not None:
            return f"{self.name} every {int(self.every.total_seconds())} s"
        return f"{self.name} daily at {self.at:%H:%M} {self.zone}"


def daily_time(value):
    """SCHEDULE_DAILY_AT ("HH:MM") as a time."""
    try:
        hours, minutes = str(value).split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise ImproperlyConfigured(
            f"SCHEDULE_DAILY_AT must be a time as HH:MM (00:00 to 23:59), "
            f"not {value!r}."
        ) from None


def schedule_zone(name):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"SCHEDULE_TIME_ZONE must be a time zone name such as "
            f"Europe/Paris, not {name!r}."
        ) from None


def load_jobs(specs=None):
    """The jobs of SCHEDULED_JOBS (or ``specs``), checked."""
    specs = settings.SCHEDULED_JOBS if specs is None else specs
    at = daily_time(settings.SCHEDULE_DAILY_AT)
    zone = schedule_zone(settings.SCHEDULE_TIME_ZONE)
    return [_job(spec, at, zone) for spec in specs]


def _job(spec, at, zone):
    def wrong(problem):
        return ImproperlyConfigured(f"SCHEDULED_JOBS entry {spec!r}: {problem}")

    if not isinstance(spec, dict) or not isinstance(spec.get("command"), str):
        raise wrong('it needs a "command".')
    if unknown := set(spec) - JOB_KEYS:
        raise wrong(f"unknown keys {sorted(unknown)}.")
    args = spec.get("args", [])
    requires = spec.get("requires", [])
    for name, value in (("args", args), ("requires", requires)):
        if not isinstance(value, list | tuple) or not all(
            isinstance(item, str) for item in value
        ):
            raise wrong(f'"{name}" must be a list of strings.')
    every, daily = spec.get("every"), spec.get("daily", False)
    if daily is True and every is None:
        return Job(
            spec["command"], tuple(args), at=at, zone=zone, requires=tuple(requires)
        )
    if daily is False and type(every) is int and every > 0:
        return Job(
            spec["command"],
            tuple(args),
            every=dt.timedelta(seconds=every),
            requires=tuple(requires),
        )
    raise wrong('give either "every": seconds (above 0) or "daily": True.')


def next_run(job, after):
    """When ``job`` is next due, strictly after the aware datetime ``after``.

    An interval job: ``every`` after ``after``. A daily job: the next time the
    clock of ``job.zone`` shows ``job.at``. On the day clocks go back and that
    time happens twice, it runs at the first; on the day they go forward past
    it, at the first time that exists after it (the end of the skipped hour).
    The result is in UTC: an aware datetime in a repeated hour never compares
    equal to one in another zone (PEP 495).
    """
    if after.tzinfo is None or after.utcoffset() is None:
        raise ValueError("next_run needs an aware datetime.")
    if job.every is not None:
        return after + job.every
    day = after.astimezone(job.zone).date()
    while True:
        run = _daily_run(day, job.at, job.zone)
        if run > after:
            return run
        day += dt.timedelta(days=1)


def previous_run(job, now):
    """The last time a daily ``job`` was due, at or before ``now``."""
    day = now.astimezone(job.zone).date()
    while True:
        run = _daily_run(day, job.at, job.zone)
        if run <= now:
            return run
        day -= dt.timedelta(days=1)


def missed_daily_run(job, now):
    """Whether a daily job that has run before missed its last time.

    A job that never ran waits for its time: a new site does not run every
    nightly job the first time it starts. One that last ran (or last failed)
    before its latest due time was not running then: it runs once at start-up,
    and then at its time again.
    """
    if job.every is not None:
        return False
    state = ScheduledJob.objects.filter(name=job.name).first()
    if state is None:
        return False
    attempts = (state.last_success_at, state.failure_logged_at)
    last = max((moment for moment in attempts if moment), default=None)
    if last is None:
        return False
    return last < previous_run(job, now)


def _daily_run(day, at, zone):
    """The instant a daily job runs on the local date ``day``."""
    wall = dt.datetime.combine(day, at)
    # fold=0: the first of two occurrences on the day clocks go back.
    first = wall.replace(tzinfo=zone)
    if _exists(first):
        return first.astimezone(dt.UTC)
    # ``wall`` falls in the hour skipped when clocks go forward. Read with
    # the offsets from before and after the change, it gives two instants
    # that frame the change; bisect (whole seconds) for it.
    lo, hi = sorted(
        int(wall.replace(tzinfo=zone, fold=fold).timestamp()) for fold in (0, 1)
    )
    after_change = _offset(hi, zone)
    while hi - lo > 1:
        middle = (lo + hi) // 2
        if _offset(middle, zone) == after_change:
            hi = middle
        else:
            lo = middle
    return dt.datetime.fromtimestamp(hi, dt.UTC)


def _exists(local):
    round_trip = local.astimezone(dt.UTC).astimezone(local.tzinfo)
    return round_trip.replace(tzinfo=None) == local.replace(tzinfo=None)


def _offset(timestamp, zone):
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).astimezone(zone).utcoffset()


# The lock ------------------------------------------------------------------


class AlreadyRunning(Exception):
    pass


class LockLost(Exception):
    pass


def holder_id():
    """Names this process in the lock row (host, process id, a random part)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Lock:
    """One scheduler at a time: a row taken atomically, with an expiry.

    Taking it is an UPDATE of a lapsed row (or of one this holder already
    has), else an INSERT that the unique name lets only one process win: both
    are atomic on SQLite and on PostgreSQL.
    """

    def __init__(self, holder, *, name=LOCK_NAME, ttl=LOCK_TTL):
        self.holder, self.name, self.ttl = holder, name, ttl

    def acquire(self, now):
        values = {"holder": self.holder, "expires_at": now + self.ttl}
        taken = (
            SchedulerLock.objects.filter(name=self.name)
            .filter(Q(expires_at__lt=now) | Q(holder=self.holder))
            .update(renewed_at=now, **values)
        )
        if taken:
            return True
        try:
            with transaction.atomic():
                SchedulerLock.objects.create(name=self.name, renewed_at=now, **values)
        except IntegrityError:
            return False
        return True

    def renew(self, now):
        """Pushes the expiry back; False when another process took the lock."""
        return bool(
            SchedulerLock.objects.filter(name=self.name, holder=self.holder).update(
                expires_at=now + self.ttl, renewed_at=now
            )
        )

    def release(self, now):
        """Lets another scheduler start at once (the heartbeat stays)."""
        SchedulerLock.objects.filter(name=self.name, holder=self.holder).update(
            expires_at=now
        )

    def current(self):
        return SchedulerLock.objects.filter(name=self.name).first()


def already_running_message(lock):
    current = lock.current()
    holder = f" ({current.holder})" if current else ""
    until = f" until {current.expires_at:%Y-%m-%d %H:%M:%S %Z}" if current else ""
    return f"Another scheduler{holder} holds the lock{until}; this one exits."


@contextlib.contextmanager
def holding(lock, *, every=RENEW_EVERY):
    """Holds ``lock`` for the length of a ``with`` block, renewed in the background.

    For ``run_scheduler --once``, which runs its jobs inline: the lock keeps
    a scheduler (or a second ``--once`` from cron) from running the same jobs
    at the same time, however long they take.
    """
    if not lock.acquire(timezone.now()):
        raise AlreadyRunning(already_running_message(lock))
    stop = threading.Event()

    def renew():
        try:
            while not stop.wait(every.total_seconds()):
                if not lock.renew(timezone.now()):
                    logger.warning("Scheduler lost its lock while running jobs")
                    return
        finally:
            connection.close()

    renewer = threading.Thread(target=renew, name="scheduler-lock", daemon=True)
    renewer.start()
    try:
        yield lock
    finally:
        stop.set()
        renewer.join()
        lock.release(timezone.now())


def last_heartbeat(name=LOCK_NAME):
    """When the running scheduler last renewed its lock (None: never ran)."""
    return (
        SchedulerLock.objects.filter(name=name)
        .values_list("renewed_at", flat=True)
        .first()
    )


# The loop --------------------------------------------------------------------


def enqueue(job):
    """Hands ``job`` to the task worker; returns the task result."""

    return run_scheduled_job.enqueue(job.command, list(job.args))


class Scheduler:
    """Decides when jobs are due and enqueues them; ``tick(now)`` is one turn.

    A job whose previous task still waits in the queue (no worker running,
    or all busy) is not enqueued again: at most one copy of a job waits.
    """

    def __init__(self, jobs, *, lock, submit=enqueue):
        self.jobs, self.lock, self.submit = list(jobs), lock, submit
        self.next_runs = {}
        self.waiting = {}
        self.stalled = set()
        self.renew_at = None

    def start(self, now):
        if not self.lock.acquire(now):
            raise AlreadyRunning(already_running_message(self.lock))
        self.renew_at = now + RENEW_EVERY
        # Interval jobs run at start-up, daily ones at their time, or at
        # once when their last run was missed (the scheduler was down then).
        self.next_runs = {
            job: now
            if job.every is not None or missed_daily_run(job, now)
            else next_run(job, now)
            for job in self.jobs
        }

    def tick(self, now):
        """Renews the lock when due, enqueues the jobs due; returns them."""
        if now >= self.renew_at:
            if not self.lock.renew(now):
                raise LockLost(
                    "Another scheduler took the lock (this one missed its "
                    "renewals); this one exits."
                )
            self.renew_at = now + RENEW_EVERY
        due = [job for job in self.jobs if now >= self.next_runs[job]]
        for job in due:
            self.next_runs[job] = next_run(job, now)
            if self._still_waiting(job):
                if job not in self.stalled:  # said once, not every time
                    logger.warning(
                        "Scheduled job %s not enqueued: its previous task still "
                        "waits for a task worker",
                        job.name,
                    )
                    self.stalled.add(job)
                continue
            self.stalled.discard(job)
            self.waiting[job] = self.submit(job)
        return due

    def _still_waiting(self, job):
        result = self.waiting.get(job)
        if result is None:
            return False
        try:
            result.refresh()
        except Exception:  # noqa: BLE001  (pruned, or a backend without results)
            return False
        return result.status == TaskResultStatus.READY

    def seconds_to_wait(self, now):
        soonest = min([self.renew_at, *self.next_runs.values()])
        return min(max((soonest - now).total_seconds(), 0.1), MAX_SLEEP)

    def _wait_for_lock(self, *, clock, sleep, stopping):
        while not stopping():
            current = self.lock.current()
            if current is None or current.expires_at < clock():
                return
            sleep(MAX_SLEEP)

    def stop(self, now):
        self.lock.release(now)

    def run(
        self,
        *,
        standby=False,
        clock=timezone.now,
        sleep=time.sleep,
        stopping=lambda: False,
    ):
        """Runs until ``stopping()``; ``clock`` and ``sleep`` are for tests.

        With ``standby``, waits for the lock instead of raising AlreadyRunning,
        and takes over when the running scheduler's lock lapses.
        """
        while True:
            try:
                self.start(clock())
                break
            except AlreadyRunning:
                if not standby:
                    raise
            self._wait_for_lock(clock=clock, sleep=sleep, stopping=stopping)
            if stopping():
                return
        database_down = False
        try:
            while not stopping():
                try:
                    self.tick(clock())
                except DatabaseError:
                    # Said once per outage; the lock lapses if it lasts.
                    if not database_down:
                        logger.exception("Scheduler cannot reach the database")
                    database_down = True
                else:
                    if database_down:
                        logger.warning("Scheduler reaches the database again")
                    database_down = False
                sleep(self.seconds_to_wait(clock()))
        finally:
            try:
                self.stop(clock())
            except DatabaseError:
                logger.warning("Scheduler could not release its lock")


# Running one job -------------------------------------------------------------


def run_job(command, args=(), *, stdout=None, stderr=None):
    """Runs one scheduled job; True when it succeeded, False when it failed.

    A failure logs one line naming the job: with its traceback the first time
    it fails after a success, then "still failing" at most once an hour. The
    job's output is not logged (it may name people); only its name is.
    """
    name = " ".join((command, *args))
    started = time.monotonic()
    try:
        call_command(command, *args, stdout=stdout, stderr=stderr)
    except Exception as exc:  # noqa: BLE001  (one job's failure stops no other)
        _record_failure(name, exc)
        return False
    _record_success(name, time.monotonic() - started)
    return True


def _state(name):
    try:
        with transaction.atomic():
            return ScheduledJob.objects.get_or_create(name=name)[0]
    except IntegrityError:
        return ScheduledJob.objects.get(name=name)


def _record_failure(name, exc):
    now = timezone.now()
    state = _state(name)
    state.failures += 1
    if state.failing_since is None:
        logger.error("Scheduled job %s failed", name, exc_info=exc)
        state.failing_since = state.failure_logged_at = now
    elif now - state.failure_logged_at >= STILL_FAILING_EVERY:
        logger.error(
            "Scheduled job %s still failing (%s), %d failures since %s",
            name,
            type(exc).__name__,
            state.failures,
            state.failing_since.isoformat(timespec="seconds"),
        )
        state.failure_logged_at = now
    state.save(update_fields=["failures", "failing_since", "failure_logged_at"])


def _record_success(name, seconds):
    state = _state(name)
    if state.failing_since is not None:
        logger.warning(
            "Scheduled job %s works again after %d failures", name, state.failures
        )
    logger.info("Scheduled job %s done in %.1f s", name, seconds)
    state.last_success_at = timezone.now()
    state.failing_since = state.failure_logged_at = None
    state.failures = 0
    state.save()


@task()
def run_scheduled_job(command, args=()):
    """One run of a scheduled job, enqueued by ``run_scheduler``.

    A failure is logged by ``run_job`` (once with its traceback, then one
    line an hour) and does not fail the task: the worker would log the
    traceback again on every run.
    """
    return {"ok": run_job(command, list(args))}
