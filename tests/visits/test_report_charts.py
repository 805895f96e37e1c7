"""Visit statistics as charts: the seeded week's figures in SVG, table and CSV."""

import datetime
import zoneinfo

import pytest
import time_machine

from tests.home.test_charts import bars, csv_rows, parse, section, table
from visits.models import AggregatedDay, DailyVisits, Visit

REPORT = "/admin/privacy/visits/"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TODAY = datetime.date(2026, 3, 9)
HOSTILE = "/<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example/","click")'
# Finished days of the week before TODAY: (page views, distinct visitors).
WEEK = {
    datetime.date(2026, 3, 3): (3, 2),
    datetime.date(2026, 3, 4): (0, 0),
    datetime.date(2026, 3, 5): (5, 3),
    datetime.date(2026, 3, 6): (2, 1),
    datetime.date(2026, 3, 7): (8, 4),
    datetime.date(2026, 3, 8): (1, 1),
}


@pytest.fixture
def frozen():
    with time_machine.travel(
        datetime.datetime(2026, 3, 9, 15, 0, tzinfo=PARIS), tick=False
    ):
        yield


@pytest.fixture
def seeded_week(initial_data, frozen):
    for day, (views, visitors) in WEEK.items():
        AggregatedDay.objects.create(day=day, views=views, visitors=visitors)
    # Page views of the finished days, by page and browser (sums match WEEK).
    rows = [
        (datetime.date(2026, 3, 3), "/", "Linux", "Firefox", 3),
        (datetime.date(2026, 3, 5), "/about/", "Windows", "Edge", 4),
        (datetime.date(2026, 3, 5), HOSTILE, "Linux", "Firefox", 1),
        (datetime.date(2026, 3, 6), FORMULA, "Mac OS X", "Safari", 2),
        (datetime.date(2026, 3, 7), "/", "Linux", "Firefox", 8),
        (datetime.date(2026, 3, 8), "/about/", "Windows", "Edge", 1),
    ]
    DailyVisits.objects.bulk_create(
        DailyVisits(day=day, path=path, os_family=os, browser_family=browser, views=n)
        for day, path, os, browser, n in rows
    )
    # Today is read live from the raw log: two views by one address.
    Visit.objects.bulk_create(
        Visit(
            at=datetime.datetime(2026, 3, 9, 10, minute, tzinfo=PARIS),
            ip="192.0.2.44",
            path="/",
            os_family="Linux",
            browser_family="Firefox",
        )
        for minute in (1, 2)
    )


def page(client, user, query="?days=7"):
    client.force_login(user)
    response = client.get(REPORT + query)
    assert response.status_code == 200
    return response, parse(response.content.decode())


def test_visits_per_day_show_the_seeded_week_in_svg_table_and_csv(
    client, dpo, seeded_week
):
    _response, soup = page(client, dpo)
    daily = section(soup, "daily")
    expected = [(day.isoformat(), views) for day, (views, _v) in WEEK.items()] + [
        (TODAY.isoformat(), 2)
    ]
    drawn = bars(daily)
    assert [(day, int(value)) for day, value, _h in drawn] == expected
    # 8 views (7 March) is the largest: a full-height bar; the rest scale to it.
    heights = {day: float(height) for day, _value, height in drawn}
    assert heights["2026-03-07"] == 200
    assert heights["2026-03-05"] == 5 * 200 / 8
    assert heights["2026-03-04"] == 0
    header, rows = table(daily)
    assert header == ["Day", "Page views", "Distinct visitors"]
    assert rows == [
        [day.isoformat(), str(views), str(visitors)]
        for day, (views, visitors) in WEEK.items()
    ] + [[TODAY.isoformat(), "2", "1"]]
    csv_link = daily.find("a", download=True)["href"]
    assert csv_rows(client.get(csv_link)) == [header, *rows]
    assert "192.0.2.44" not in soup.decode()


def test_visits_per_month_sum_the_days_of_each_month(
    client, communications, seeded_week
):
    AggregatedDay.objects.create(day=datetime.date(2026, 2, 20), views=6, visitors=5)
    _response, soup = page(client, communications, "?days=30")
    monthly = section(soup, "monthly")
    assert table(monthly)[1] == [["2026-02", "6"], ["2026-03", str(19 + 2)]]
    assert [float(h) for *_r, h in bars(monthly)] == [round(6 * 200 / 21, 2), 200]


def test_top_pages_browsers_and_systems_escape_visitor_paths(client, dpo, seeded_week):
    response, soup = page(client, dpo)
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    pages = section(soup, "pages")
    header, rows = table(pages)
    assert header == ["Page", "Page views", "Share (%)"]
    assert rows[0] == ["/", "13", "61.9"]
    assert [HOSTILE, "1", "4.8"] in rows
    assert pages.svg.find("rect", attrs={"data-category": HOSTILE})["data-value"] == "1"
    downloaded = csv_rows(client.get(REPORT + "?days=7&csv=pages"))
    assert ["'" + FORMULA, "2", "9.5"] in downloaded
    assert [HOSTILE, "1", "4.8"] in downloaded
    assert table(section(soup, "browsers"))[1][0] == ["Firefox", "14", "66.7"]
    assert table(section(soup, "systems"))[1][0] == ["Linux", "14", "66.7"]


def test_the_page_is_headed_by_its_own_title(client, dpo, seeded_week):
    _response, soup = page(client, dpo)
    assert soup.find("h1").get_text(strip=True) == "Visit statistics"
    assert soup.title.get_text().startswith("Visit statistics")
    crumbs = [li.get_text(strip=True) for li in soup.select("nav ol li")]
    assert crumbs[-1] == "Visit statistics"


def test_an_empty_period_renders_empty_charts(client, dpo, initial_data, frozen):
    _response, soup = page(client, dpo)
    for key in ("daily", "monthly", "pages", "browsers", "systems"):
        chart = section(soup, key)
        assert chart.svg.find("text", attrs={"data-empty": "true"}) is not None
    assert table(section(soup, "pages"))[1] == [["No data in this period."]]


def test_an_unknown_csv_is_not_found(client, dpo, initial_data):
    client.force_login(dpo)
    assert client.get(REPORT + "?csv=people").status_code == 404


def test_editors_get_neither_the_report_its_csv_nor_its_menu_item(
    client, editor, initial_data
):
    client.force_login(editor)
    # Wagtail answers a refused admin view with a redirect to the dashboard.
    for url in (REPORT, REPORT + "?csv=daily"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert REPORT not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", ["dpo", "communications"])
def test_dpo_and_communications_find_the_report_in_the_menu(
    client, request, initial_data, who
):
    client.force_login(request.getfixturevalue(who))
    assert REPORT in client.get("/admin/").content.decode()
