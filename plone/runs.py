"""Imports asked for in the admin: the uploaded export, kept privately, and
the run that the task worker makes of it."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.translation import gettext as _

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


def processed(kept):
    """How many items a run has gone through, as far as anyone can see."""
    if kept.status == PloneImport.Status.RUNNING:
        return cache.get(progress_key(kept.pk), kept.processed)
    return kept.processed


class ProgressCounter:
    def __init__(self, pk, clock=time.monotonic):
        self.key = progress_key(pk)
        self.clock = clock
        self.count = 0
        self.shown = clock()
        cache.set(self.key, 0, timeout=24 * 3600)

    def advance(self):
        self.count += 1
        if self.clock() - self.shown >= PROGRESS_EVERY:
            self.shown = self.clock()
            cache.set(self.key, self.count, timeout=24 * 3600)


def run(pk):
    """Run a waiting import; any number of workers may be handed it, one
    runs it."""
    claimed = PloneImport.objects.filter(
        pk=pk, status=PloneImport.Status.WAITING
    ).update(status=PloneImport.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return "nothing to do"
    kept = PloneImport.objects.select_related("parent").get(pk=pk)
    storage = upload_storage()
    try:
        _import(kept, storage)
    finally:
        if kept.upload:
            storage.delete(kept.upload)
        kept.upload = ""
        kept.finished_at = timezone.now()
        kept.save()
        cache.delete(progress_key(pk))
    logger.info("Plone import %s: %s", pk, kept.status)
    return kept.status


def _import(kept, storage):
    try:
        export = read_export(storage.path(kept.upload))
        check_blobs(export)
        kept.total = len(export.items)
        kept.save(update_fields=["total"])
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
