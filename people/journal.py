"""The erasure journal: erasures written outside the database.

A backup restored after an erasure brings the person back, and with them the
database's own record of the erasure is gone too (the ledger is restored to
the time of the backup). The journal is an append-only file, kept apart from
the database (``settings.ERASURE_JOURNAL``), that survives a restore: one line
per erasure holding only the keyed hash of the address
(``people.models.email_hash``) and the time, so it names no one.

``replay_erasures`` reads it after a restore. Each line is written and flushed
to disk before the erasure's transaction commits: if the commit then fails,
the journal holds an erasure that was asked for but not done, which a replay
completes; the reverse, an erasure done but not journaled, cannot happen.
"""

import datetime
import fcntl
import json
import logging
import os
import re
import uuid
from pathlib import Path

from django.conf import settings

logger = logging.getLogger("microscope.erasure_journal")

HASH_PATTERN = re.compile(r"^[0-9a-f]{64}$")
# Public ids for erasures the database no longer knows (restored away): a
# fixed namespace makes the same hash give the same id every time.
RESTORED_ERASURE_NAMESPACE = uuid.UUID("5f1e0c1e-6a55-4e54-9a52-0c5e9f0d1a11")


def path():
    """The journal's path, or None when the journal is switched off."""
    configured = getattr(settings, "ERASURE_JOURNAL", "")
    return Path(configured) if configured else None


def append(hashed, erased_at):
    """Write one erasure, durably, before the caller's transaction commits."""
    journal = path()
    if journal is None:
        return
    line = json.dumps(
        {"hash": hashed, "at": erased_at.astimezone(datetime.UTC).isoformat()},
        separators=(",", ":"),
    )
    journal.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        # One short write per line under an exclusive lock: two processes
        # erasing at once never interleave their lines.
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.write(descriptor, (line + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def read():
    """{keyed hash: latest erasure time} from the journal; bad lines are skipped.

    A line cut short by a crash, or anything that is not a hash and a time,
    is counted and logged (by line number only), never fatal: the other lines
    still count.
    """
    journal = path()
    erasures = {}
    if journal is None or not journal.exists():
        return erasures
    skipped = 0
    with journal.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            entry = parse_line(raw)
            if entry is None:
                skipped += 1
                if raw.strip():
                    logger.warning("Erasure journal line %d is unreadable", number)
                continue
            hashed, erased_at = entry
            if hashed not in erasures or erasures[hashed] < erased_at:
                erasures[hashed] = erased_at
    return erasures


def parse_line(raw):
    """(hash, aware datetime) from one journal line, or None."""
    try:
        entry = json.loads(raw)
        hashed, at = entry["hash"], entry["at"]
        erased_at = datetime.datetime.fromisoformat(at)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        return None
    if not isinstance(hashed, str) or not HASH_PATTERN.match(hashed):
        return None
    if erased_at.tzinfo is None:
        return None
    return hashed, erased_at


def public_id_for(hashed):
    """A stable stand-in id for an erasure known only from the journal."""
    return uuid.uuid5(RESTORED_ERASURE_NAMESPACE, hashed)
