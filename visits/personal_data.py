"""How the visitor log is exported, erased and purged.

Registered in ``home.personal_data`` by ``VisitsConfig.ready``.
"""

from django.utils import timezone

from home import personal_data
from retention.models import RetentionSettings, add_months

from . import buffer, stats
from .models import Visit


def export_visits(person):
    # Buffered page views count too: write them first.
    buffer.flush()
    return [
        {
            "at": visit.at,
            "ip": visit.ip,
            "path": visit.path,
            "os_family": visit.os_family,
            "browser_family": visit.browser_family,
        }
        for visit in Visit.objects.filter(person=person.public_id).order_by("at")
    ]


def erase_visits(person):
    buffer.discard_person(person.public_id)
    Visit.objects.filter(person=person.public_id).delete()


def purge_visits(*, now, dry_run):
    """Aggregate finished days into the statistics, then drop old rows."""
    cutoff = add_months(now, -RetentionSettings.current().visitor_log_months)
    if not dry_run:
        buffer.flush()
        stats.aggregate_pending(today=timezone.localdate(now))
    old_visits = Visit.objects.filter(at__lt=cutoff)
    count = old_visits.count()
    if not dry_run and count:
        # One DELETE ... WHERE at < cutoff; no rows are loaded into Python.
        old_visits._raw_delete(old_visits.db)
    return {"visitor-log rows": count}


def register():
    personal_data.register(
        "visits.Visit",
        "Visitor log (IP address, time, OS and browser)",
        retention="visitor_log",
        erase=erase_visits,
        export=export_visits,
        section="visits",
        purge=purge_visits,
    )
