"""The newsletter report: subscribers over time, the outbox, reconciliations.

Counts only: no chart, table or CSV here names a person or shows an
address. Subscribers are counted from the append-only consent ledger
(``people.models.ConsentEvent``), replayed in order: a person counts from
the newsletter consent given until it is withdrawn, the address is
rejected, or the record is erased. The records themselves hold only the
latest change, so they cannot say how many subscribed on an earlier day.
"""

import datetime

from django.db.models import Q
from django.urls import path
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from home import charts
from people.models import ConsentEvent

from . import backlog
from .models import ReconciliationReport
from .viewsets import VIEW_PERMISSION, OverviewMenuItem

ENDS = (ConsentEvent.Action.WITHDRAWN, ConsentEvent.Action.CLEANED)
# Differences a reconciliation found (and repaired, unless a dry run).
DIFFERENCES = (
    "missing_in_mailchimp",
    "not_subscribed_in_mailchimp",
    "profile_drift",
    "subscribed_in_mailchimp_only",
    "unknown_subscribed",
    "erased_in_mailchimp",
    "unsubscribed_in_mailchimp",
    "cleaned_in_mailchimp",
)
RECONCILIATIONS_SHOWN = 10


def day_start(day):
    return datetime.datetime.combine(
        day, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )


def subscribers(days=30, today=None):
    """Per day: subscriptions, unsubscriptions and subscribers at the day's end."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=days - 1)
    events = (
        ConsentEvent.objects.filter(
            Q(
                purpose=ConsentEvent.Purpose.NEWSLETTER,
                action__in=[ConsentEvent.Action.GIVEN, *ENDS],
            )
            | Q(action=ConsentEvent.Action.ERASED),
            occurred_at__lt=day_start(today + datetime.timedelta(days=1)),
        )
        .order_by("occurred_at", "pk")
        .values_list("person_public_id", "action", "occurred_at")
    )
    subscribed = set()
    per_day = {}
    for public_id, action, occurred_at in events.iterator(chunk_size=5000):
        day = timezone.localdate(occurred_at)
        counts = per_day.setdefault(day, {"joined": 0, "left": 0})
        if action == ConsentEvent.Action.GIVEN:
            if public_id not in subscribed:
                subscribed.add(public_id)
                counts["joined"] += 1
        elif public_id in subscribed:
            subscribed.discard(public_id)
            counts["left"] += 1
        counts["total"] = len(subscribed)
    total_before = 0
    for day in sorted(per_day):
        if day < since:
            total_before = per_day[day]["total"]
    daily = []
    total = total_before
    for offset in range(days):
        day = since + datetime.timedelta(days=offset)
        counts = per_day.get(day, {"joined": 0, "left": 0, "total": total})
        total = counts["total"]
        daily.append({"day": day, **counts})
    return {"since": since, "until": today, "daily": daily, "subscribers": total}


def reconciliations(limit=RECONCILIATIONS_SHOWN):
    reports = list(
        ReconciliationReport.objects.filter(finished_at__isnull=False).order_by(
            "-started_at", "-pk"
        )[:limit]
    )
    rows = []
    for report in reversed(reports):
        counts = report.counts or {}
        label = timezone.localtime(report.started_at).strftime("%Y-%m-%d %H:%M")
        rows.append(
            {
                "label": _("%(when)s (dry run)") % {"when": label}
                if report.dry_run
                else label,
                "in_sync": counts.get("in_sync", 0),
                "differences": sum(counts.get(key, 0) for key in DIFFERENCES),
                "failures": counts.get("repair_failures", 0),
                "members": counts.get("mailchimp_members", 0),
                "local": counts.get("local_people", 0),
                "api_calls": report.api_calls,
                "failed": bool(report.error),
            }
        )
    return rows


def report(days=30, today=None, now=None):
    state = backlog.current(now)
    return {
        **subscribers(days, today),
        "outbox": {
            "waiting": state.waiting,
            "erasures": state.erasures,
            "failed": state.failed,
            # Only when the oldest change waits: never which person it is.
            "oldest_since": state.since,
            "oldest_age": timesince(state.since, state.now) if state.since else "",
            "overdue": state.overdue,
        },
        "reconciliations": reconciliations(),
    }


def build_charts(report, csv_url):
    daily = report["daily"]
    days = [day["day"].isoformat() for day in daily]
    outbox = report["outbox"]
    runs = report["reconciliations"]
    return [
        charts.line_chart(
            "subscribers",
            _("Newsletter subscribers"),
            days,
            [charts.Series(_("Subscribers"), [day["total"] for day in daily])],
            category_label=_("Day"),
            value_label=_("Subscribers"),
            csv_url=csv_url("subscribers"),
        ),
        charts.grouped_bar_chart(
            "changes",
            _("Subscriptions and unsubscriptions per day"),
            days,
            [
                charts.Series(_("Subscribed"), [day["joined"] for day in daily]),
                charts.Series(_("Unsubscribed"), [day["left"] for day in daily]),
            ],
            category_label=_("Day"),
            value_label=_("People"),
            csv_url=csv_url("changes"),
        ),
        charts.ranked_chart(
            "outbox",
            _("Changes waiting for Mailchimp"),
            [
                (_("Waiting"), outbox["waiting"]),
                (_("Erasures waiting"), outbox["erasures"]),
                (_("Failed"), outbox["failed"]),
            ],
            label=_("Changes"),
            category_label=_("State"),
            value_label=_("Changes"),
            csv_url=csv_url("outbox"),
        ),
        charts.grouped_bar_chart(
            "reconciliations",
            _("Last reconciliations"),
            [run["label"] for run in runs],
            [
                charts.Series(_("Already in agreement"), [r["in_sync"] for r in runs]),
                charts.Series(_("Differences found"), [r["differences"] for r in runs]),
                charts.Series(_("Repairs that failed"), [r["failures"] for r in runs]),
            ],
            category_label=_("Started"),
            value_label=_("Members"),
            extra_columns=[
                charts.Column(
                    _("Members in the Mailchimp audience"), [r["members"] for r in runs]
                ),
                charts.Column(
                    _("Registered users with a newsletter consent"),
                    [r["local"] for r in runs],
                ),
                charts.Column(_("API calls"), [r["api_calls"] for r in runs]),
            ],
            csv_url=csv_url("reconciliations"),
        ),
    ]


class NewsletterReportView(charts.ChartReportView):
    template_name = "newsletter/admin/newsletter_report.html"
    page_title = gettext_lazy("Newsletter report")
    header_icon = "mail"
    permission = VIEW_PERMISSION
    csv_name = "newsletter"

    def get_report(self, days):
        return report(days=days)

    def get_charts(self, report, csv_url):
        return build_charts(report, csv_url)


class NewsletterReportViewSet(ViewSet):
    menu_label = gettext_lazy("Report")
    menu_icon = "mail"
    icon = "mail"
    menu_item_class = OverviewMenuItem

    def get_urlpatterns(self):
        return [path("", NewsletterReportView.as_view(), name="index")]
