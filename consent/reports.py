"""The cookie consent report: decisions per day by outcome, counts only.

Read from the consent ledger, so it is for those who may read the ledger
(``consent.view_consentrecord``: the DPO). An expiry is not a decision and
is left out; a withdrawal and a Global Privacy Control signal are refusals.
"""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from home import charts

from .models import (
    ACTION_ACCEPT,
    ACTION_CUSTOM,
    ACTION_GPC,
    ACTION_REFUSE,
    ACTION_WITHDRAW,
    ConsentRecord,
)

PERMISSION = "consent.view_consentrecord"

ACCEPTED = "accepted"
CUSTOM = "custom"
REFUSED = "refused"
OUTCOMES = {
    ACTION_ACCEPT: ACCEPTED,
    ACTION_CUSTOM: CUSTOM,
    ACTION_REFUSE: REFUSED,
    ACTION_WITHDRAW: REFUSED,
    ACTION_GPC: REFUSED,
}


def rate(accepted, total):
    return round(100 * accepted / total, 1) if total else None


def report(days=30, today=None):
    """Decisions per day in the ``days`` days up to ``today``, by outcome."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=days - 1)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        today + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    per_day = {}
    rows = (
        ConsentRecord.objects.filter(
            created_at__gte=start, created_at__lt=end, action__in=OUTCOMES
        )
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day", "action")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts = per_day.setdefault(row["day"], dict.fromkeys(OUTCOMES.values(), 0))
        counts[OUTCOMES[row["action"]]] += row["n"]
    daily = []
    for offset in range(days):
        day = since + datetime.timedelta(days=offset)
        counts = per_day.get(day, dict.fromkeys(OUTCOMES.values(), 0))
        total = sum(counts.values())
        daily.append(
            {
                "day": day,
                **counts,
                "total": total,
                "rate": rate(counts[ACCEPTED], total),
            }
        )
    totals = {
        outcome: sum(day[outcome] for day in daily)
        for outcome in (*dict.fromkeys(OUTCOMES.values()), "total")
    }
    return {
        "since": since,
        "until": today,
        "daily": daily,
        "totals": totals,
        "rate": rate(totals[ACCEPTED], totals["total"]),
    }


def build_charts(report, csv_url):
    daily = report["daily"]
    return [
        charts.stacked_bar_chart(
            "decisions",
            _("Cookie decisions per day"),
            [day["day"].isoformat() for day in daily],
            [
                charts.Series(_("Accepted all"), [d[ACCEPTED] for d in daily]),
                charts.Series(_("Chose per group"), [d[CUSTOM] for d in daily]),
                charts.Series(_("Refused"), [d[REFUSED] for d in daily]),
            ],
            category_label=_("Day"),
            value_label=_("Decisions"),
            extra_columns=[
                charts.Column(_("Total"), [d["total"] for d in daily]),
                charts.Column(_("Acceptance rate (%)"), [d["rate"] for d in daily]),
            ],
            csv_url=csv_url("decisions"),
        )
    ]


class ConsentReportView(charts.ChartReportView):
    template_name = "consent/admin/consent_report.html"
    page_title = gettext_lazy("Consent report")
    header_icon = "clipboard-list"
    permission = PERMISSION
    csv_name = "cookie-consent"

    def get_report(self, days):
        return report(days=days)

    def get_charts(self, report, csv_url):
        return build_charts(report, csv_url)


class ConsentReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class ConsentReportViewSet(ViewSet):
    icon = "clipboard-list"
    menu_label = gettext_lazy("Consent report")
    menu_name = "consent-report"
    menu_item_class = ConsentReportMenuItem

    def get_urlpatterns(self):
        return [path("", ConsentReportView.as_view(), name="index")]
