"""Delete what is past its retention period, and warn before erasing people.

Every model registered in ``home.personal_data`` with a ``purge`` function
is asked, in registration order, to deal with its rows past their period;
each answers ``{what: count}``, one item per rule. A count is a number, or a
``Count`` that names the rule's own period and whether its rows were deleted
or their owners warned. The apps that own the rows know how to delete them
cheaply (visits go by date range in one statement, people are erased one by
one so that the ledger keeps their tombstone).
"""

from dataclasses import dataclass

from django.utils import timezone
from django_tasks import task

from home import personal_data

from . import periods

DELETE = "delete"
WARN = "warn"


@dataclass(frozen=True)
class Count:
    """How many rows a rule dealt with, under which period, and how."""

    count: int
    # A key of ``retention.periods``, or the entry's period in words.
    period: str = ""
    action: str = DELETE
    # More words for the report ("erased 30 days after the warning").
    note: str = ""


@dataclass(frozen=True)
class RuleReport:
    what: str
    count: int
    period: str
    action: str
    note: str = ""


def period_words(key_or_words):
    """How long a period is, in words ("12 months"), from its key or its words."""
    if key_or_words in periods.keys():
        return str(periods.get(key_or_words).length())
    return str(key_or_words)


def rules():
    """The registry entries that have a purge function."""
    return [entry for entry in personal_data.entries() if entry.purge is not None]


def run(*, dry_run=False, now=None, progress=None):
    """One ``RuleReport`` per rule, in registration order (deleted unless dry run).

    ``progress``, when given, is called with each entry once it is done.
    """
    now = now or timezone.now()
    lines = []
    for entry in rules():
        if progress is not None:
            progress(entry)
        for what, result in entry.purge(now=now, dry_run=dry_run).items():
            if not isinstance(result, Count):
                result = Count(result)
            lines.append(
                RuleReport(
                    what=what,
                    count=result.count,
                    period=period_words(result.period or entry.retention or entry.kept),
                    action=result.action,
                    note=result.note,
                )
            )
    return lines


def purge(*, dry_run=False, now=None):
    """Returns {what: number of rows past their period} (deleted unless dry run)."""
    return {line.what: line.count for line in run(dry_run=dry_run, now=now)}


@task()
def purge_personal_data_task():
    """The same purge for the task worker (``manage.py db_worker``)."""
    return purge()
