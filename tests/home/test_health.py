"""/health/: 200 or 503, details for staff only."""

import datetime as dt

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from home.models import SchedulerLock

pytestmark = pytest.mark.django_db

HOST_DETAILS = ("10.0.0.5", "db.internal", "5432", "/work", "4.8", "django")


@pytest.fixture
def scheduler_alive(db):
    now = timezone.now()
    return SchedulerLock.objects.create(
        name="scheduler",
        holder="host:1:abc",
        expires_at=now + dt.timedelta(minutes=2),
        renewed_at=now,
    )


def get(client, path="/health/", **headers):
    return client.get(path, headers={"Accept": "application/json", **headers})


def test_a_healthy_site_answers_200_with_no_detail(client, scheduler_alive):
    response = get(client)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_staff_see_every_check(client, scheduler_alive, superuser):
    client.force_login(superuser)
    answer = get(client).json()
    names = {row["name"] for row in answer["checks"]}
    assert {"Database", "Cache", "TaskQueue", "Scheduler", "DiskSpace"} <= names
    assert "MailchimpOutbox" in names
    assert all(row["ok"] for row in answer["checks"])


def test_an_unreachable_database_answers_503_naming_nothing(
    client, scheduler_alive, monkeypatch
):
    def refused(self):
        raise OperationalError(
            'connection to server at "db.internal" (10.0.0.5), port 5432 failed: '
            "Connection refused"
        )

    monkeypatch.setattr(BaseDatabaseWrapper, "temporary_connection", refused)
    response = get(client)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    page = client.get("/health/", headers={"Accept": "text/html"})
    assert page.status_code == 503
    for detail in HOST_DETAILS:
        assert detail not in response.content.decode()
        assert detail not in page.content.decode().lower()


def test_a_stale_scheduler_heartbeat_is_named_for_staff(
    client, scheduler_alive, superuser
):
    SchedulerLock.objects.update(renewed_at=timezone.now() - dt.timedelta(minutes=5))
    public = get(client)
    assert public.status_code == 503
    assert "Scheduler" not in public.content.decode()
    client.force_login(superuser)
    answer = get(client).json()
    failing = [row for row in answer["checks"] if not row["ok"]]
    assert [row["name"] for row in failing] == ["Scheduler"]
    assert "heartbeat is 5 min old" in failing[0]["message"]


def test_a_scheduler_that_never_ran_fails_unless_not_required(client, settings):
    assert get(client).status_code == 503
    settings.HEALTH_SCHEDULER_REQUIRED = False
    assert get(client).status_code == 200


def test_a_stuck_mailchimp_outbox_fails_the_full_check_not_the_web_one(
    client, scheduler_alive, superuser, settings
):
    from newsletter.models import SyncRecord

    settings.NEWSLETTER_ALERT_AFTER = 3600
    SyncRecord.objects.create(
        person_public_id="0b8e4d8e-49a5-4d3c-9d9b-2f7b2f3d2a11",
        email="",
        operation=SyncRecord.Operation.DELETE,
        state=SyncRecord.State.PENDING,
        waiting_since=timezone.now() - dt.timedelta(hours=3),
        changed_at=timezone.now() - dt.timedelta(hours=3),
    )
    assert get(client).status_code == 503
    # A load balancer's probe: pages can still be served.
    assert get(client, "/health/web/").status_code == 200
    client.force_login(superuser)
    rows = get(client).json()["checks"]
    failing = {row["name"]: row["message"] for row in rows if not row["ok"]}
    assert list(failing) == ["MailchimpOutbox"]
    expected = "1 changes wait for Mailchimp, the oldest for 3 h"
    assert failing["MailchimpOutbox"] == expected


def test_a_task_waiting_too_long_for_a_worker_fails(client, scheduler_alive, settings):
    from django_tasks_db.models import DBTaskResult

    settings.HEALTH_TASK_QUEUE_MAX_WAIT = 60
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    from retention.purge import purge_personal_data_task

    purge_personal_data_task.using(backend="default").enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=5))
    assert get(client).status_code == 503


def test_too_little_disk_space_fails(client, scheduler_alive, settings):
    settings.HEALTH_MIN_FREE_DISK_MB = 10**12  # more than any disk
    assert get(client).status_code == 503


def test_people_get_a_page_and_the_page_names_nothing_for_visitors(
    client, scheduler_alive, superuser
):
    page = client.get("/health/", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "The site is working" in page.content.decode()
    assert "<table>" not in page.content.decode()
    client.force_login(superuser)
    staff_page = client.get("/health/", headers={"Accept": "text/html"})
    assert "<table>" in staff_page.content.decode()


def test_health_probes_are_not_visits(client, scheduler_alive):
    from visits.models import Visit

    for _ in range(3):
        client.get("/health/", headers={"Accept": "text/html"})
    from visits import buffer

    buffer.flush()
    assert Visit.objects.count() == 0


def test_an_unreachable_cache_fails(client, scheduler_alive, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing there
        },
    }
    assert get(client, "/health/web/").status_code == 503


def test_the_cache_check_runs_in_a_thread_that_has_an_event_loop():
    """The cache check is a coroutine. Where an event loop already runs in the
    thread (an async caller, a browser driver), it used to be created and
    never awaited: the check failed and Python warned of a lost coroutine."""
    import asyncio
    import gc
    import warnings

    from home import health

    async def from_a_running_loop():
        return health.run_checks(web_only=True)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = asyncio.run(from_a_running_loop())
        gc.collect()
    assert {r.name: r.error for r in results}["Cache"] is None
    assert not [w for w in caught if "never awaited" in str(w.message)]
