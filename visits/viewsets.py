"""Visit statistics for the DPO and communications: counts only, no addresses."""

from itertools import groupby

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from home import charts
from home.viewsets import PERSONAL_DATA_MENU_HOOK

from . import buffer, stats

PERMISSION = "visits.view_statistics"
PERIODS = (7, 30, 90, 365)


def build_charts(report, csv_url):
    """The report's charts; ``csv_url(key)`` links each to its CSV."""
    daily = report["daily"]
    months = [
        (month, sum(day["views"] for day in days))
        for month, days in groupby(daily, key=lambda day: day["day"].strftime("%Y-%m"))
    ]

    def ranked(key, title, rows, label):
        return charts.ranked_chart(
            key,
            title,
            [(row["name"], row["views"]) for row in rows],
            label=_("Page views"),
            category_label=label,
            value_label=_("Page views"),
            extra_columns=[
                charts.Column(_("Share (%)"), [row["share"] for row in rows])
            ],
            csv_url=csv_url(key),
        )

    return [
        charts.bar_chart(
            "daily",
            _("Visits per day"),
            [day["day"].isoformat() for day in daily],
            [day["views"] for day in daily],
            label=_("Page views"),
            category_label=_("Day"),
            value_label=_("Page views"),
            extra_columns=[
                charts.Column(
                    _("Distinct visitors"), [day["visitors"] for day in daily]
                )
            ],
            csv_url=csv_url("daily"),
        ),
        charts.bar_chart(
            "monthly",
            _("Visits per month"),
            [month for month, _views in months],
            [views for _month, views in months],
            label=_("Page views"),
            category_label=_("Month"),
            value_label=_("Page views"),
            csv_url=csv_url("monthly"),
        ),
        ranked("pages", _("Top pages"), report["top_pages"], _("Page")),
        ranked("browsers", _("Browsers"), report["browsers"], _("Browser")),
        ranked("systems", _("Operating systems"), report["os"], _("Operating system")),
    ]


class VisitStatisticsView(charts.ChartReportView):
    template_name = "visits/admin/visit_statistics.html"
    page_title = gettext_lazy("Visit statistics")
    header_icon = "view"
    permission = PERMISSION
    periods = PERIODS
    csv_name = "visits"

    def get_report(self, days):
        buffer.flush()
        stats.aggregate_pending()
        return stats.report(days=days)

    def get_charts(self, report, csv_url):
        return build_charts(report, csv_url)


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class VisitStatisticsViewSet(ViewSet):
    icon = "view"
    menu_label = gettext_lazy("Visit statistics")
    menu_name = "visit-statistics"
    menu_hook = PERSONAL_DATA_MENU_HOOK
    menu_order = 3
    menu_item_class = StatisticsMenuItem

    def get_urlpatterns(self):
        return [path("", VisitStatisticsView.as_view(), name="index")]
