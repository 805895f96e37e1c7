"""Background work, run by ``manage.py db_worker`` (django-tasks-db)."""

from django.db import transaction
from django_tasks import task

from . import runs
from .models import PloneImport


@task()
def run_import(import_pk):
    """Import the export uploaded for one ``PloneImport`` row."""
    return runs.run(import_pk)


def queue(kept):
    """Run the import of a ``PloneImport`` row in the task worker once the
    row is committed."""
    pk = kept.pk

    def enqueue():
        result = run_import.enqueue(pk)
        # Whether that task is still queued or running tells whether the
        # row's "running" is still true (see ``runs.interrupted``).
        PloneImport.objects.filter(pk=pk, task_id="").update(task_id=result.id)

    transaction.on_commit(enqueue)
