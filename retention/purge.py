"""Delete what is past its retention period.

Every model registered in ``home.personal_data`` with a ``purge`` function
is asked, in registration order, to delete its rows past their period; each
answers ``{what: number of rows}``. The apps that own the rows know how to
delete them cheaply (visits go by date range in one statement, people are
erased one by one so that the ledger keeps their tombstone).
"""

from django.utils import timezone
from django_tasks import task

from home import personal_data


def purge(*, dry_run=False, now=None):
    """Returns {what: number of rows past their period} (deleted unless dry run)."""
    now = now or timezone.now()
    report = {}
    for entry in personal_data.entries():
        if entry.purge is not None:
            report.update(entry.purge(now=now, dry_run=dry_run))
    return report


@task()
def purge_personal_data_task():
    """The same purge for the task worker (``manage.py db_worker``)."""
    return purge()
