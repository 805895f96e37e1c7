"""Background work, run by ``manage.py db_worker`` (django-tasks-db)."""

from django.db import transaction
from django_tasks import task

from . import runs


@task()
def run_import(import_pk):
    """Import the export uploaded for one ``PloneImport`` row."""
    return runs.run(import_pk)


def queue(kept):
    """Run the import of a ``PloneImport`` row in the task worker once the
    row is committed."""
    pk = kept.pk
    transaction.on_commit(lambda: run_import.enqueue(pk))
