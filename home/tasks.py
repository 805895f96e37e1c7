"""Background work, run by ``manage.py db_worker`` (django-tasks-db)."""

from django_tasks import task

from .scheduler import run_job


@task()
def run_scheduled_job(command, args=()):
    """One run of a scheduled job, enqueued by ``run_scheduler``.

    A failure is logged by ``run_job`` (once with its traceback, then one
    line an hour) and does not fail the task: the worker would log the
    traceback again on every run.
    """
    return {"ok": run_job(command, list(args))}
