"""Anonymous statistics: raw visits become daily counts without addresses."""

import datetime

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from people.models import Person

from .models import AggregatedDay, CrawlerDay, DailyVisits, Visit


def day_bounds(day):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=1)


def counted_visits(start, end):
    """Visits in [start, end) that may enter statistics (not restricted people)."""
    restricted = Person.objects.filter(processing_restricted=True).values_list(
        "public_id", flat=True
    )
    return Visit.objects.filter(at__gte=start, at__lt=end).exclude(
        person__in=restricted
    )


def breakdown(visits):
    """(path, os, browser, views) groups; the address column is never selected."""
    return (
        visits.values("path", "os_family", "browser_family")
        .annotate(views=Count("pk"))
        .order_by()
    )


@transaction.atomic
def aggregate_day(day):
    start, end = day_bounds(day)
    visits = counted_visits(start, end)
    DailyVisits.objects.filter(day=day).delete()
    DailyVisits.objects.bulk_create(
        [DailyVisits(day=day, **group) for group in breakdown(visits)],
        batch_size=500,
    )
    summary = visits.aggregate(views=Count("pk"), visitors=Count("ip", distinct=True))
    AggregatedDay.objects.update_or_create(
        day=day,
        defaults={"views": summary["views"], "visitors": summary["visitors"]},
    )


def aggregate_pending(today=None):
    """Aggregate every finished day that has raw visits and no statistics yet."""
    today = today or timezone.localdate()
    first = Visit.objects.order_by("at").values_list("at", flat=True).first()
    if first is None:
        return []
    done = set(AggregatedDay.objects.values_list("day", flat=True))
    day = timezone.localdate(first)
    aggregated = []
    while day < today:
        if day not in done:
            start, end = day_bounds(day)
            if Visit.objects.filter(at__gte=start, at__lt=end).exists():
                aggregate_day(day)
                aggregated.append(day)
        day += datetime.timedelta(days=1)
    return aggregated


def report(days=30, today=None):
    """Figures for the admin report: finished days from the aggregates, today live."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=days - 1)
    per_day = {
        row.day: {"day": row.day, "views": row.views, "visitors": row.visitors}
        for row in AggregatedDay.objects.filter(day__gte=since, day__lt=today)
    }
    start, end = day_bounds(today)
    live = counted_visits(start, end)
    live_summary = live.aggregate(
        views=Count("pk"), visitors=Count("ip", distinct=True)
    )
    per_day[today] = {"day": today, **live_summary}
    daily = [
        per_day.get(
            since + datetime.timedelta(days=offset),
            {"day": since + datetime.timedelta(days=offset), "views": 0, "visitors": 0},
        )
        for offset in range(days)
    ]

    past = DailyVisits.objects.filter(day__gte=since, day__lt=today)
    totals = {}
    for group in list(breakdown(live)) + list(
        past.values("path", "os_family", "browser_family")
        .annotate(views=Sum("views"))
        .order_by()
    ):
        for key, name in (
            ("path", group["path"]),
            ("os_family", group["os_family"] or "Other"),
            ("browser_family", group["browser_family"] or "Other"),
        ):
            bucket = totals.setdefault(key, {})
            bucket[name] = bucket.get(name, 0) + group["views"]
    total_views = sum(day["views"] for day in daily)

    def ranked(key, limit):
        items = sorted(
            totals.get(key, {}).items(), key=lambda item: (-item[1], item[0])
        )
        return [
            {
                "name": name,
                "views": views,
                "share": round(100 * views / total_views, 1) if total_views else 0,
            }
            for name, views in items[:limit]
        ]

    return {
        "since": since,
        "until": today,
        "daily": daily,
        "total_views": total_views,
        "max_views": max((day["views"] for day in daily), default=0),
        "top_pages": ranked("path", 20),
        "os": ranked("os_family", 10),
        "browsers": ranked("browser_family", 10),
        "crawlers": list(
            CrawlerDay.objects.filter(day__gte=since, day__lte=today)
            .values("crawler")
            .annotate(requests=Sum("hits"))
            .order_by("-requests", "crawler")[:10]
        ),
    }
