"""Imports asked for in the admin: the uploaded export, kept privately, and
the run that the task worker makes of it."""

import datetime as dt
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import default_task_backend
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from .importer import Importer, check_blobs
from .models import PloneImport
from .reader import ExportError, read_export

logger = logging.getLogger(__name__)

# The import writes in one transaction that other connections cannot see
# into: its progress goes through the cache, which every process shares.
PROGRESS_EVERY = 1.0  # seconds


class PrivateStorage(FileSystemStorage):
    """Uploaded exports hold members' addresses: they have no URL."""

    def url(self, name):
        raise ValueError("Uploaded Plone exports are never served.")


def upload_storage():
    return PrivateStorage(location=settings.PLONE_IMPORT_UPLOAD_DIR)


def progress_key(pk):
    return f"plone-import-progress-{pk}"


def beat_key(pk):
    """When a run last showed it was alive (a POSIX timestamp)."""
    return f"plone-import-beat-{pk}"


def last_sign_of_life(kept):
    """When a running import last moved on: its last progress, else its start."""
    beat = cache.get(beat_key(kept.pk))
    if beat is not None:
        return dt.datetime.fromtimestamp(beat, tz=dt.UTC)
    return kept.started_at or kept.requested_at


# The row names the task that runs it, if the queue can tell what became of
# it (the database queue can; the immediate backend of development cannot).
CANNOT_TELL = "cannot tell"
FORGOTTEN = "forgotten"


def task_status(kept):
    if not kept.task_id:
        return CANNOT_TELL
    try:
        return default_task_backend.get_result(kept.task_id).status
    except TaskResultDoesNotExist:
        return FORGOTTEN
    except NotImplementedError:
        return CANNOT_TELL


def interrupted(kept, now=None):
    """Whether an import still shown waiting or running will never end.

    Its task is over, or the queue has forgotten it, while the row still
    waits or runs (the worker's process died before the run could say how it
    ended); or it has been running without moving on for longer than
    ``PLONE_IMPORT_STALLED_AFTER`` seconds (a worker killed mid-task leaves
    its task marked running forever).
    """
    if not kept.in_progress:
        return False
    status = task_status(kept)
    if status == FORGOTTEN or status in (
        TaskResultStatus.SUCCESSFUL,
        TaskResultStatus.FAILED,
    ):
        return True
    if kept.status != PloneImport.Status.RUNNING:
        return False
    quiet = (now or timezone.now()) - last_sign_of_life(kept)
    return quiet > dt.timedelta(seconds=settings.PLONE_IMPORT_STALLED_AFTER)


def shown_status(kept):
    if interrupted(kept):
        return _("Interrupted")
    return kept.get_status_display()


def processed(kept):
    """How many items a run has gone through, as far as anyone can see."""
    if kept.status == PloneImport.Status.RUNNING:
        return cache.get(progress_key(kept.pk), kept.processed)
    return kept.processed


class ProgressCounter:
    def __init__(self, pk, clock=time.monotonic):
        self.key = progress_key(pk)
        self.clock = clock
        self.beat_key = beat_key(pk)
        self.count = 0
        self.shown = clock()
        self.show()

    def show(self):
        cache.set_many(
            {self.key: self.count, self.beat_key: time.time()}, timeout=24 * 3600
        )

    def advance(self):
        self.count += 1
        if self.clock() - self.shown >= PROGRESS_EVERY:
            self.shown = self.clock()
            self.show()


# What a run writes to its row when it ends.
OUTCOME_FIELDS = [
    "status",
    "error",
    "total",
    "processed",
    "created",
    "updated",
    "unchanged",
    "skipped",
    "report",
    "details",
    "outcome",
    "upload",
    "finished_at",
]


def run(pk):
    """Run a waiting import; any number of workers may be handed it, one
    runs it.

    Its start time is its claim: a run started again after an interruption
    has another, and the old run, should it wake up, writes nothing over it.
    """
    started = timezone.now()
    claimed = PloneImport.objects.filter(
        pk=pk, status=PloneImport.Status.WAITING
    ).update(status=PloneImport.Status.RUNNING, started_at=started)
    if not claimed:
        return "nothing to do"
    kept = PloneImport.objects.select_related("parent").get(pk=pk)
    ours = PloneImport.objects.filter(
        pk=pk, status=PloneImport.Status.RUNNING, started_at=started
    )
    storage = upload_storage()
    upload = kept.upload
    try:
        _import(kept, storage, ours)
    finally:
        kept.upload = ""
        kept.finished_at = timezone.now()
        if ours.update(**{name: getattr(kept, name) for name in OUTCOME_FIELDS}):
            if upload:
                storage.delete(upload)
            cache.delete_many([progress_key(pk), beat_key(pk)])
        else:
            logger.warning("Plone import %s was started again: outcome dropped", pk)
    logger.info("Plone import %s: %s", pk, kept.status)
    return kept.status


def start_again(kept):
    """Put an interrupted import back in the queue, with the export it was
    given. Returns False when that export is no longer kept."""
    if not kept.upload or not upload_storage().exists(kept.upload):
        kept.status = PloneImport.Status.FAILED
        kept.error = _(
            "The import was interrupted and its export is no longer kept: "
            "upload it again."
        )
        kept.finished_at = timezone.now()
        kept.upload = ""
        kept.save()
        return False
    kept.status = PloneImport.Status.WAITING
    kept.started_at = None
    kept.finished_at = None
    kept.total = kept.processed = 0
    kept.task_id = ""
    kept.save()
    cache.delete_many([progress_key(kept.pk), beat_key(kept.pk)])
    return True


def _import(kept, storage, ours):
    try:
        export = read_export(storage.path(kept.upload))
        check_blobs(export)
        kept.total = len(export.items)
        ours.update(total=kept.total)
        counter = ProgressCounter(kept.pk)
        parent = kept.parent.specific if kept.parent is not None else None
        report = Importer(
            export, parent=parent, dry_run=kept.dry_run, progress=counter.advance
        ).run()
    except ExportError as error:
        kept.status = PloneImport.Status.FAILED
        kept.error = _("The export was refused, nothing was imported: %(error)s") % {
            "error": error
        }
    except Exception as error:
        # The class only: a message may quote the export's content.
        logger.error("Plone import %s stopped on %s", kept.pk, type(error).__name__)
        kept.status = PloneImport.Status.FAILED
        kept.error = _(
            "The import stopped on an unexpected error (%(kind)s); nothing was "
            "imported. The site's log has the details."
        ) % {"kind": type(error).__name__}
    else:
        kept.keep_report(report, report.lines())
        kept.processed = kept.total
        kept.status = PloneImport.Status.DONE
