"""home.charts: geometry from the data, the same figures in table and CSV."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from home import charts

WEEK = [f"2026-03-0{day}" for day in range(2, 9)]


def parse(html):
    if isinstance(html, charts.Chart):
        html = html.render()
    return BeautifulSoup(html, "html.parser")


def section(soup, key):
    found = soup.find("section", attrs={"data-chart": key})
    assert found is not None, f"no chart {key!r}"
    return found


def bars(chart_soup, series=None):
    """(category, value, height) of each bar or point, in drawing order."""
    marks = chart_soup.svg.find_all(["rect", "circle"], attrs={"data-value": True})
    return [
        (mark["data-category"], mark["data-value"], mark.get("height"))
        for mark in marks
        if series is None or mark["data-series"] == series
    ]


def table(chart_soup):
    """The header and the rows of the chart's table, as text."""
    found = chart_soup.find("table")
    header = [th.get_text(strip=True) for th in found.thead.find_all("th")]
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in found.tbody.find_all("tr")
    ]
    return header, rows


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_largest_bar_fills_the_plot_and_the_others_scale_to_it():
    chart = charts.bar_chart(
        "views", "Views", WEEK, [2, 4, 0, 1, 3, 0, 4], label="Page views"
    )
    soup = section(parse(chart), "views")
    drawn = bars(soup)
    assert [value for _day, value, _height in drawn] == [
        "2",
        "4",
        "0",
        "1",
        "3",
        "0",
        "4",
    ]
    assert [float(height) for *_rest, height in drawn] == [
        value * charts.PLOT_HEIGHT / 4 for value in (2, 4, 0, 1, 3, 0, 4)
    ]
    assert soup.svg["role"] == "img"
    title_id, desc_id = soup.svg["aria-labelledby"].split()
    assert soup.svg.find("title", id=title_id).get_text() == "Views"
    assert "largest is 4" in soup.svg.find("desc", id=desc_id).get_text()


def test_stacked_bars_scale_to_the_largest_day_total():
    chart = charts.stacked_bar_chart(
        "outcomes",
        "Outcomes",
        WEEK[:2],
        [charts.Series("Yes", [1, 3]), charts.Series("No", [1, 5])],
    )
    drawn = bars(section(parse(chart), "outcomes"))
    heights = {(day, value): float(height) for day, value, height in drawn}
    # The second day (3 + 5 = 8) fills the plot; the first (1 + 1) a quarter.
    assert heights[(WEEK[1], "3")] + heights[(WEEK[1], "5")] == charts.PLOT_HEIGHT
    assert heights[(WEEK[0], "1")] == charts.PLOT_HEIGHT / 8


def test_table_and_csv_hold_the_same_rows_as_the_chart():
    chart = charts.grouped_bar_chart(
        "changes",
        "Changes",
        WEEK[:3],
        [charts.Series("In", [5, 0, 2]), charts.Series("Out", [1, 1, 0])],
        category_label="Day",
        extra_columns=[charts.Column("Rate (%)", [83.3, 0.0, None])],
    )
    header, rows = table(section(parse(chart), "changes"))
    assert header == ["Day", "In", "Out", "Rate (%)"]
    assert rows == [
        [WEEK[0], "5", "1", "83.3"],
        [WEEK[1], "0", "1", "0"],
        [WEEK[2], "2", "0", ""],
    ]
    assert csv_rows(chart.csv_response()) == [header, *rows]


def test_line_chart_puts_each_point_at_its_value():
    chart = charts.line_chart(
        "total", "Total", WEEK[:3], [charts.Series("Subscribers", [10, 20, 5])]
    )
    svg = section(parse(chart), "total").svg
    points = svg.find_all("circle")
    base = charts.TOP + charts.PLOT_HEIGHT
    assert [float(point["cy"]) for point in points] == [
        base - charts.PLOT_HEIGHT / 2,
        charts.TOP,
        base - charts.PLOT_HEIGHT / 4,
    ]
    assert len(svg.polyline["points"].split()) == 3


@pytest.mark.parametrize(
    "chart",
    [
        charts.bar_chart("empty", "Nothing", WEEK, [0] * 7, label="Views"),
        charts.bar_chart("empty", "Nothing", [], [], label="Views"),
        charts.ranked_chart("empty", "Nothing", [], label="Views"),
        charts.line_chart("empty", "Nothing", WEEK, [charts.Series("S", [0] * 7)]),
    ],
)
def test_an_empty_period_draws_empty_axes_and_says_so(chart):
    soup = section(parse(chart), "empty")
    assert soup.svg.find("text", attrs={"data-empty": "true"}).get_text() == (
        "No data in this period."
    )
    assert all(float(height or 0) == 0 for *_rest, height in bars(soup))
    assert "no data in this period" in soup.svg.desc.get_text()


HOSTILE = '/<script>alert("x")</script>'


def test_visitor_controlled_labels_are_escaped_everywhere():
    chart = charts.ranked_chart(
        "pages",
        "Top pages",
        [(HOSTILE, 3), ('=HYPERLINK("http://x")', 1)],
        label="Views",
        category_label="Page",
    )
    html = chart.render()
    assert "<script>" not in html
    soup = section(parse(html), "pages")
    # Escaped, the label reads back as the visitor wrote it.
    assert soup.svg.find("rect")["data-category"] == HOSTILE
    assert table(soup)[1][0][0] == HOSTILE
    assert soup.svg.find("text", string=HOSTILE) is not None
    rows = csv_rows(chart.csv_response())
    assert rows[1][0] == HOSTILE
    assert rows[2][0] == '\'=HYPERLINK("http://x")'


def test_coordinates_are_never_localised():
    chart = charts.bar_chart("x", "X", WEEK[:3], [1, 3, 2], label="Views")
    with translation.override("fr"):
        html = chart.render()
    soup = parse(html)
    for rect in soup.svg.find_all("rect"):
        for name in ("x", "y", "width", "height"):
            assert "," not in rect[name]
            float(rect[name])


def test_every_fill_has_a_3_to_1_contrast_on_light_and_dark_admin_surfaces():
    for colour in charts.PALETTE:
        assert contrast(colour, "#ffffff") >= 3, colour
        assert contrast(colour, "#1e1e1e") >= 3, colour


def test_a_series_with_too_few_values_is_refused():
    with pytest.raises(ValueError):
        charts.bar_chart("x", "X", WEEK, [1, 2], label="Views")
