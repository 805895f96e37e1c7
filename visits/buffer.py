"""Page views wait in memory and reach the database in bulk.

Each process keeps its own buffer. It is written with one bulk INSERT once it
holds ``VISIT_LOG_BUFFER_SIZE`` rows or its oldest row is
``VISIT_LOG_FLUSH_SECONDS`` old, after the response has been sent
(``request_finished``), and when the process exits. A crash loses at most one
buffer of page views, which only costs statistics.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.core.signals import request_finished
from django.db import DatabaseError

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_rows = []
_oldest = None
# (day, crawler) -> requests, written with the rows.
_crawlers = Counter()


def count_crawler(day, crawler):
    global _oldest
    with _lock:
        if not _rows and not _crawlers:
            _oldest = time.monotonic()
        _crawlers[(day, crawler)] += 1


def append(row):
    global _oldest
    with _lock:
        if not _rows:
            _oldest = time.monotonic()
        _rows.append(row)


def pending():
    with _lock:
        return list(_rows)


def due():
    if not _rows and not _crawlers:
        return False
    return (
        len(_rows) + len(_crawlers) >= settings.VISIT_LOG_BUFFER_SIZE
        or time.monotonic() - (_oldest or 0) >= settings.VISIT_LOG_FLUSH_SECONDS
    )


def _take():
    global _oldest
    with _lock:
        rows = _rows[:]
        _rows.clear()
        _oldest = None
    return rows


def _take_crawlers():
    with _lock:
        counts = dict(_crawlers)
        _crawlers.clear()
    return counts


def flush_crawlers():
    """Add the buffered crawler requests to their daily counts."""
    from django.db.models import F

    from .models import CrawlerDay

    counts = _take_crawlers()
    try:
        for (day, crawler), hits in counts.items():
            updated = CrawlerDay.objects.filter(day=day, crawler=crawler).update(
                hits=F("hits") + hits
            )
            if not updated:
                _, created = CrawlerDay.objects.get_or_create(
                    day=day, crawler=crawler, defaults={"hits": hits}
                )
                if not created:
                    CrawlerDay.objects.filter(day=day, crawler=crawler).update(
                        hits=F("hits") + hits
                    )
    except DatabaseError:
        logger.exception("Could not write %d crawler counts.", len(counts))


def discard_person(public_id):
    """Drop the not-yet-written rows of an erased person."""
    public_id = str(public_id)
    with _lock:
        _rows[:] = [row for row in _rows if row[5] != public_id]


def flush():
    """Write every buffered row; returns how many were written."""
    from people.models import ConsentEvent

    from .models import Visit

    flush_crawlers()
    rows = _take()
    if not rows:
        return 0
    people = {row[5] for row in rows if row[5]}
    if people:
        # Another process may have erased someone after this one buffered them.
        erased = {
            str(public_id)
            for public_id in ConsentEvent.objects.filter(
                person_public_id__in=people, action=ConsentEvent.Action.ERASED
            ).values_list("person_public_id", flat=True)
        }
        rows = [row for row in rows if row[5] not in erased]
    try:
        Visit.objects.bulk_create(
            [
                Visit(
                    at=at,
                    ip=ip,
                    path=path,
                    os_family=os_family,
                    browser_family=browser_family,
                    person=person,
                )
                for at, ip, path, os_family, browser_family, person in rows
            ],
            batch_size=500,
        )
    except DatabaseError:
        logger.exception("Could not write %d visitor-log rows.", len(rows))
        return 0
    return len(rows)


def flush_if_due(**kwargs):
    if due():
        flush()


def _flush_at_exit():
    try:
        flush()
    except Exception:  # noqa: BLE001 - the interpreter is exiting
        logger.exception("Could not write the visitor log at exit.")


request_finished.connect(flush_if_due, dispatch_uid="visits.flush_if_due")
atexit.register(_flush_at_exit)
