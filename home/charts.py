"""Charts for the admin reports, drawn on the server as SVG.

No script and no stylesheet: the geometry is computed here and written as
SVG presentation attributes (``x``, ``height``, ``fill``...), which no
Content-Security-Policy restricts. Every chart carries its figures twice
more, as an accessible table beside it and as a CSV download, all three
read from one list of rows so they cannot disagree. Labels (page paths come
from visitors) are escaped by the template that draws them, and pass
through ``spreadsheet_safe`` in the CSV.

The value axis runs from zero to the largest value, so the largest bar fills
the plot; a chart without any value draws its axes and says so.
"""

import csv
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .exports import spreadsheet_safe

# Fills with a contrast of at least 3:1 (WCAG 1.4.11) against both the
# admin's light surface (#ffffff) and its dark one (#1e1e1e).
BLUE = "#2563eb"
AMBER = "#b45309"
GREEN = "#15803d"
RED = "#d0431c"
PALETTE = (BLUE, AMBER, GREEN, RED)

WIDTH = 720
PLOT_HEIGHT = 200
TOP = 16
LEFT = 56
RIGHT = 16
BOTTOM = 56
MAX_AXIS_LABELS = 12
# Horizontal bars (ranked lists): room for the label on the left.
ROW_HEIGHT = 22
LABEL_WIDTH = 240
LABEL_CHARS = 34

BAR = "bar"
STACKED = "stacked"
GROUPED = "grouped"
LINE = "line"
HORIZONTAL = "horizontal"


def number(value):
    """Coordinates as plain text: never localised ("12,5" is no SVG length)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def shown(value):
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return str(int(value)) if isinstance(value, float) else str(value)


def shorten(label, limit=LABEL_CHARS):
    return label if len(label) <= limit else label[: limit - 1] + "…"


@dataclass
class Series:
    label: str
    values: list
    colour: str = ""


@dataclass
class Column:
    """A column of the table and the CSV that the chart does not draw."""

    label: str
    values: list


@dataclass
class Chart:
    """One chart: categories along one axis, one or more series of counts.

    ``key`` names the chart in its page (element ids, the CSV link);
    ``extra_columns`` are figures shown in the table and the CSV only, such
    as a rate beside the counts it is computed from.
    """

    key: str
    title: str
    categories: list
    series: list
    kind: str = BAR
    category_label: str = ""
    value_label: str = ""
    description: str = ""
    extra_columns: list = field(default_factory=list)
    csv_url: str = ""

    def __post_init__(self):
        self.key = slugify(self.key) or "chart"
        self.categories = [str(category) for category in self.categories]
        for index, series in enumerate(self.series):
            series.colour = series.colour or PALETTE[index % len(PALETTE)]
            if len(series.values) != len(self.categories):
                raise ValueError("Each series needs one value per category.")

    # The figures, once, for the table and the CSV.
    @property
    def header(self):
        return [
            self.category_label,
            *(series.label for series in self.series),
            *(column.label for column in self.extra_columns),
        ]

    @property
    def rows(self):
        return [
            [
                category,
                *(series.values[index] for series in self.series),
                *(column.values[index] for column in self.extra_columns),
            ]
            for index, category in enumerate(self.categories)
        ]

    @property
    def table_rows(self):
        return [(row[0], [shown(value) for value in row[1:]]) for row in self.rows]

    @property
    def is_empty(self):
        return not any(value for series in self.series for value in series.values)

    @property
    def maximum(self):
        if self.kind == STACKED:
            totals = [sum(values) for values in zip(*self.values(), strict=True)]
            return max(totals, default=0)
        return max((value for values in self.values() for value in values), default=0)

    def values(self):
        return [series.values for series in self.series]

    def summary(self):
        if self.description:
            return self.description
        if self.is_empty:
            return _("%(title)s: no data in this period.") % {"title": self.title}
        return _(
            "%(title)s, %(count)d values; the largest is %(max)s. "
            "The table below gives every value."
        ) % {
            "title": self.title,
            "count": len(self.categories),
            "max": shown(self.maximum),
        }

    def render(self):
        geometry = {
            name: number(value) if isinstance(value, int | float) else value
            for name, value in self.geometry().items()
        }
        return render_to_string("home/chart.html", {"chart": self, **geometry})

    def csv_response(self, filename=None):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{filename or self.key}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow([spreadsheet_safe(str(cell)) for cell in self.header])
        for label, cells in self.table_rows:
            writer.writerow([spreadsheet_safe(label), *cells])
        return response

    # Drawing.
    def geometry(self):
        if self.kind == HORIZONTAL:
            return self.horizontal_geometry()
        count = max(len(self.categories), 1)
        plot_width = WIDTH - LEFT - RIGHT
        slot = plot_width / count
        maximum = self.maximum
        scale = PLOT_HEIGHT / maximum if maximum else 0
        base = TOP + PLOT_HEIGHT
        marks = []
        points = {index: [] for index in range(len(self.series))}
        for position, category in enumerate(self.categories):
            left = LEFT + position * slot
            stacked_top = base
            for index, series in enumerate(self.series):
                value = series.values[position]
                height = value * scale
                mark = {
                    "series": series,
                    "category": category,
                    "value": shown(value),
                    "height": number(height),
                }
                if self.kind == LINE:
                    x = left + slot / 2
                    y = base - height
                    points[index].append(f"{number(x)},{number(y)}")
                    mark.update(cx=number(x), cy=number(y))
                elif self.kind == STACKED:
                    stacked_top -= height
                    mark.update(
                        x=number(left + slot * 0.1),
                        y=number(stacked_top),
                        width=number(slot * 0.8),
                    )
                elif self.kind == GROUPED:
                    width = slot * 0.8 / len(self.series)
                    mark.update(
                        x=number(left + slot * 0.1 + index * width),
                        y=number(base - height),
                        width=number(width),
                    )
                else:
                    mark.update(
                        x=number(left + slot * 0.1),
                        y=number(base - height),
                        width=number(slot * 0.8),
                    )
                marks.append(mark)
        step = -(-len(self.categories) // MAX_AXIS_LABELS) or 1
        axis_labels = [
            {"x": number(LEFT + (position + 0.5) * slot), "text": category}
            for position, category in enumerate(self.categories)
            if position % step == 0
        ]
        ticks = [
            {
                "y": number(base - fraction * PLOT_HEIGHT),
                "text": shown(maximum * fraction),
            }
            for fraction in ((0, 0.5, 1) if maximum else (0,))
        ]
        height = TOP + PLOT_HEIGHT + BOTTOM
        return {
            "width": WIDTH,
            "height": height,
            "left": LEFT,
            "right": WIDTH - RIGHT,
            "top": TOP,
            "base": base,
            "middle_x": number(LEFT + plot_width / 2),
            "middle_y": number(TOP + PLOT_HEIGHT / 2),
            "category_label_y": height - 8,
            "axis_label_y": base + 18,
            "value_label_x": 14,
            "tick_x": LEFT - 6,
            "marks": marks,
            "lines": [
                {"series": self.series[index], "points": " ".join(points[index])}
                for index in points
                if self.kind == LINE
            ],
            "axis_labels": axis_labels,
            "ticks": ticks,
        }

    def horizontal_geometry(self):
        maximum = self.maximum
        plot_width = WIDTH - LABEL_WIDTH - RIGHT - 48
        scale = plot_width / maximum if maximum else 0
        series = self.series[0]
        rows = []
        for position, category in enumerate(self.categories):
            value = series.values[position]
            top = TOP + position * ROW_HEIGHT
            rows.append(
                {
                    "series": series,
                    "category": category,
                    "short": shorten(category),
                    "value": shown(value),
                    "x": LABEL_WIDTH,
                    "y": number(top + 3),
                    "width": number(value * scale),
                    "text_y": number(top + ROW_HEIGHT * 0.7),
                    "value_x": number(LABEL_WIDTH + value * scale + 6),
                }
            )
        body = max(len(self.categories), 3) * ROW_HEIGHT
        return {
            "width": WIDTH,
            "height": TOP + body + 36,
            "label_x": LABEL_WIDTH - 8,
            "left": LABEL_WIDTH,
            "right": WIDTH - RIGHT,
            "top": TOP,
            "base": TOP + body,
            "middle_x": number(LABEL_WIDTH + plot_width / 2),
            "middle_y": number(TOP + body / 2),
            "category_label_y": TOP + body + 28,
            "rows": rows,
        }


def bar_chart(key, title, categories, values, *, label, **kwargs):
    return Chart(key, title, categories, [Series(label, list(values))], **kwargs)


def stacked_bar_chart(key, title, categories, series, **kwargs):
    return Chart(key, title, categories, series, kind=STACKED, **kwargs)


def grouped_bar_chart(key, title, categories, series, **kwargs):
    return Chart(key, title, categories, series, kind=GROUPED, **kwargs)


def line_chart(key, title, categories, series, **kwargs):
    return Chart(key, title, categories, series, kind=LINE, **kwargs)


def ranked_chart(key, title, rows, *, label, **kwargs):
    """Horizontal bars for a ranked list of ``(name, value)`` pairs."""
    rows = list(rows)
    return Chart(
        key,
        title,
        [name for name, _value in rows],
        [Series(label, [value for _name, value in rows])],
        kind=HORIZONTAL,
        **kwargs,
    )


def find(charts, key):
    """The chart called ``key`` among ``charts``, or None."""
    return next((chart for chart in charts if chart.key == key), None)


class ChartReportView(WagtailAdminTemplateMixin, TemplateView):
    """An admin report of charts over the last N days, each chart's CSV at
    ``?days=N&csv=KEY``.

    Subclasses name the ``permission`` it needs and implement
    ``get_report(days)`` (a dict for the template) and
    ``get_charts(report, csv_url)``.
    """

    permission = None
    periods = (7, 30, 90, 365)
    default_period = 30
    csv_name = "report"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        # The slim header shows the breadcrumbs, not page_title: without an
        # item of its own the page would be headed by the last one, "Home".
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    @property
    def days(self):
        try:
            days = int(self.request.GET.get("days", self.default_period))
        except ValueError:
            return self.default_period
        return days if days in self.periods else self.default_period

    def csv_url(self, key):
        return f"{self.request.path}?{urlencode({'days': self.days, 'csv': key})}"

    def get(self, request, *args, **kwargs):
        key = request.GET.get("csv")
        if key is None:
            return super().get(request, *args, **kwargs)
        chart = find(self.get_charts(self.get_report(self.days), self.csv_url), key)
        if chart is None:
            raise Http404
        return chart.csv_response(f"{self.csv_name}-{chart.key}-{self.days}-days")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.get_report(self.days)
        context.update(report)
        context["charts"] = self.get_charts(report, self.csv_url)
        context["periods"] = self.periods
        context["days"] = self.days
        return context

    def get_report(self, days):
        raise NotImplementedError

    def get_charts(self, report, csv_url):
        raise NotImplementedError
