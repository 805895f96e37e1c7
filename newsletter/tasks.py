"""Background work, run by ``manage.py db_worker`` (django-tasks-db)."""

from django_tasks import default_task_backend, task

from .gateway import Gateway
from .models import SyncRecord
from .sync import claim, drain, is_due, push_one


@task()
def push_record(record_pk):
    """Push one outbox row; on a transient failure, come back later.

    A row whose next attempt is not due was tried meanwhile (by another task
    or ``newsletter_sync``), which keeps its schedule: this task ends there,
    so tasks queued by successive changes never multiply the attempts.
    """
    if not Gateway.is_configured():
        return "not configured"
    records = claim([record_pk])
    if not records:
        return "nothing to do"
    if not is_due(records[0]):
        return "not due"
    gateway = Gateway()
    try:
        result, _error = push_one(gateway, records[0])
    finally:
        gateway.close()
    if result == "retrying" and default_task_backend.supports_defer:
        record = SyncRecord.objects.get(pk=record_pk)
        push_record.using(run_after=record.next_attempt_at).enqueue(record_pk)
    return result


@task()
def drain_outbox():
    """Push every pending row now (the admin's "retry failed")."""
    if not Gateway.is_configured():
        return "not configured"
    outcome = drain()
    return {"synced": outcome.synced, "failed": outcome.failed}
