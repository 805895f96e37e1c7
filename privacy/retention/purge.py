"""Delete what is past its retention period.

Visits go by date range in one DELETE statement, after their days have been
aggregated into the anonymous statistics, so a million rows cost no Python
loop. People are erased one by one through the erasure service, which also
leaves the ledger's tombstone.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task

from privacy.people.models import RegisteredUser
from privacy.rights.erasure import erase_person
from privacy.rights.models import AccessLink, DataSubjectRequest
from privacy.visits import buffer, stats
from privacy.visits.models import Visit

from .models import RetentionSettings

SOURCE = "retention"
LINK_KEEP = datetime.timedelta(days=1)


def purge(*, dry_run=False, now=None):
    """Returns {what: number of rows past their period} (deleted unless dry run)."""
    now = now or timezone.now()
    cutoffs = RetentionSettings.current().cutoffs(now)
    report = {}

    if not dry_run:
        buffer.flush()
        stats.aggregate_pending(today=timezone.localdate(now))
    old_visits = Visit.objects.filter(at__lt=cutoffs["visits"])
    report["visits"] = old_visits.count()
    if not dry_run and report["visits"]:
        # One DELETE ... WHERE at < cutoff; no rows are loaded into Python.
        old_visits._raw_delete(old_visits.db)

    unconfirmed = RegisteredUser.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoffs["unconfirmed"]
    )
    report["unconfirmed_signups"] = _erase_all(unconfirmed, dry_run)

    inactive = (
        RegisteredUser.objects.confirmed()
        .annotate(last_seen=Coalesce("last_active_at", "confirmed_at", "created_at"))
        .filter(last_seen__lt=cutoffs["inactive"])
    )
    report["inactive_accounts"] = _erase_all(inactive, dry_run)

    old_requests = DataSubjectRequest.objects.closed().filter(
        closed_at__lt=cutoffs["requests"]
    )
    report["closed_requests"] = old_requests.count()
    if not dry_run:
        old_requests.delete()

    stale_links = AccessLink.objects.filter(
        Q(expires_at__lt=now - LINK_KEEP) | Q(used_at__lt=now - LINK_KEEP)
    )
    report["access_links"] = stale_links.count()
    if not dry_run:
        stale_links.delete()
    return report


def _erase_all(people, dry_run):
    count = 0
    for person in people.iterator():
        count += 1
        if not dry_run:
            with transaction.atomic():
                erase_person(person, source=SOURCE)
    return count


@task()
def purge_personal_data_task():
    """The same purge for the task worker (``manage.py db_worker``)."""
    return purge()
