"""The site's health, for a load balancer, a monitor and the person on call.

``/health/`` runs every check (django-health-check) and answers 200 when all
pass, 503 when one fails. The public answer says only that: ``{"status":
"ok"}`` or ``{"status": "unavailable"}``, no check names, hosts, paths or
versions. Signed-in staff get each check and its message, as JSON
(``Accept: application/json`` or ``?format=json``) or as a page.

The checks: the database, the cache, the task queue (oldest task waiting for
a worker), the scheduler (its last heartbeat), disk space for media and for
the erasure journal's folder, and whatever apps above register with
``register`` (the newsletter registers its Mailchimp outbox).
"""

import asyncio
import concurrent.futures
import dataclasses
import datetime as dt
import inspect
import logging
import shutil
import time
from pathlib import Path

from asgiref.sync import async_to_sync
from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.decorators import method_decorator
from django.views import View
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import HealthCheckException, ServiceUnavailable

logger = logging.getLogger("microscope.health")

EXTRA_CHECKS = []


def register(check):
    """Add a check (a ``HealthCheck`` subclass) from an app above ``home``."""
    if check not in EXTRA_CHECKS:
        EXTRA_CHECKS.append(check)


def age(since, now=None):
    return (now or timezone.now()) - since


def describe(delta):
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h"


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The oldest task ready to run has not waited too long for a worker."""

    def run(self):
        from django_tasks_db.models import DBTaskResult

        oldest = (
            DBTaskResult.objects.ready()
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first()
        )
        limit = dt.timedelta(seconds=settings.HEALTH_TASK_QUEUE_MAX_WAIT)
        if oldest is not None and age(oldest) > limit:
            raise ServiceUnavailable(
                f"A task has waited {describe(age(oldest))} for a worker"
            )


@dataclasses.dataclass
class Scheduler(HealthCheck):
    """The scheduler renewed its lock lately (twice its renewal interval)."""

    def run(self):
        from . import scheduler

        if not settings.HEALTH_SCHEDULER_REQUIRED:
            return
        heartbeat = scheduler.last_heartbeat()
        if heartbeat is None:
            raise ServiceUnavailable("The scheduler has never run")
        if age(heartbeat) > 2 * scheduler.RENEW_EVERY:
            raise ServiceUnavailable(
                f"The scheduler's last heartbeat is {describe(age(heartbeat))} old"
            )


@dataclasses.dataclass
class DiskSpace(HealthCheck):
    """Enough free space where uploads and the erasure journal are written."""

    def folders(self):
        found = {"media": Path(settings.MEDIA_ROOT)}
        if getattr(settings, "ERASURE_JOURNAL", ""):
            found["erasure journal"] = Path(settings.ERASURE_JOURNAL).parent
        return found

    def run(self):
        minimum = settings.HEALTH_MIN_FREE_DISK_MB * 1024 * 1024
        for name, folder in self.folders().items():
            existing = folder
            while not existing.exists() and existing != existing.parent:
                existing = existing.parent
            free = shutil.disk_usage(existing).free
            if free < minimum:
                raise ServiceUnavailable(
                    f"Only {free // (1024 * 1024)} MB free for the {name}"
                )


def checks(web_only=False):
    """Every check; ``web_only``: what serving pages needs (for a load balancer)."""
    serving = [Database, (Cache, {"alias": "default"})]
    if web_only:
        return serving
    return [*serving, TaskQueue, Scheduler, DiskSpace, *EXTRA_CHECKS]


@dataclasses.dataclass
class Result:
    name: str
    error: str | None
    seconds: float


async def _awaited(awaitable):
    return await awaitable


def wait_for(awaitable):
    """The result of an async check, whether or not this thread runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return async_to_sync(_awaited)(awaitable)
    # An event loop already runs in this thread (an async caller, a browser
    # driver): async_to_sync refuses to block it, so the check runs to its
    # end on a loop of its own in another thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _awaited(awaitable)).result()


def run_checks(web_only=False):
    """Each check run in turn, in this thread (and on its database connection)."""
    results = []
    for entry in checks(web_only):
        check_class, options = entry if isinstance(entry, tuple) else (entry, {})
        check = check_class(**options)
        started = time.perf_counter()
        try:
            outcome = check.run()
            if inspect.isawaitable(outcome):  # some library checks are async
                wait_for(outcome)
        except HealthCheckException as error:
            message = str(error.message if hasattr(error, "message") else error)
            logger.warning("Health check %s failed: %s", check_class.__name__, message)
        except Exception:  # noqa: BLE001 - a broken check is a failed check
            logger.exception("Health check %s raised", check_class.__name__)
            message = "unexpected error (see the log)"
        else:
            message = None
        results.append(
            Result(check_class.__name__, message, time.perf_counter() - started)
        )
    return results


class HealthView(View):
    """``/health/``: every check; ``/health/web/``: the database and the cache.

    A load balancer probes ``/health/web/``: a Mailchimp outage or a stopped
    worker must not take the pages off the air; a monitor probes ``/health/``.
    """

    template_name = "home/health.html"
    web_only = False

    @method_decorator(transaction.non_atomic_requests)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        results = run_checks(self.web_only)
        healthy = all(result.error is None for result in results)
        status = 200 if healthy else 503
        staff = self.is_staff(request)
        rows = [self.as_row(result) for result in results] if staff else []
        if self.wants_json(request):
            answer = {"status": "ok" if healthy else "unavailable"}
            if staff:
                answer["checks"] = rows
            response = JsonResponse(answer, status=status)
        else:
            response = TemplateResponse(
                request,
                self.template_name,
                {"healthy": healthy, "results": rows},
                status=status,
            )
        patch_vary_headers(response, ["Accept", "Cookie"])
        add_never_cache_headers(response)
        return response

    @staticmethod
    def is_staff(request):
        """Staff see details; a failing session store means nobody does."""
        try:
            user = request.user
            return bool(user.is_authenticated and user.is_staff)
        except Exception:  # noqa: BLE001 - the database may be what fails
            return False

    @staticmethod
    def wants_json(request):
        if request.GET.get("format") == "json":
            return True
        accept = request.headers.get("Accept", "")
        return "application/json" in accept and "text/html" not in accept

    @staticmethod
    def as_row(result):
        return {
            "name": result.name,
            "ok": result.error is None,
            "message": result.error or "OK",
            "seconds": round(result.seconds, 3),
        }
