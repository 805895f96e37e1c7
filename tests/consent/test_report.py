"""The consent report: decisions per day by outcome, with the acceptance rate."""

import datetime
import zoneinfo

import pytest
import time_machine

from consent.models import ConsentRecord
from tests.home.test_charts import bars, csv_rows, parse, section, table

REPORT = "/admin/consent-report/"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# Per day: accept, custom, refuse, withdraw, gpc, expired.
WEEK = {
    datetime.date(2026, 3, 3): (3, 1, 0, 0, 0, 0),
    datetime.date(2026, 3, 4): (0, 0, 0, 0, 0, 0),
    datetime.date(2026, 3, 5): (1, 0, 2, 1, 0, 5),
    datetime.date(2026, 3, 6): (0, 0, 0, 0, 1, 0),
    datetime.date(2026, 3, 7): (4, 2, 1, 0, 1, 0),
    datetime.date(2026, 3, 8): (2, 0, 0, 0, 0, 0),
    datetime.date(2026, 3, 9): (0, 1, 1, 0, 0, 0),
}
ACTIONS = ("accept", "custom", "refuse", "withdraw", "gpc", "expired")


@pytest.fixture
def frozen():
    with time_machine.travel(
        datetime.datetime(2026, 3, 9, 15, 0, tzinfo=PARIS), tick=False
    ):
        yield


@pytest.fixture
def seeded_week(initial_data, frozen):
    records = []
    for day, counts in WEEK.items():
        for action, count in zip(ACTIONS, counts, strict=True):
            for n in range(count):
                # Early and late in the day: the day is the site's, not UTC's.
                hour = 0 if n % 2 else 23
                records.append(
                    ConsentRecord(
                        consent_id=f"{day:%m%d}{action}{n}",
                        created_at=datetime.datetime.combine(
                            day, datetime.time(hour, 30), tzinfo=PARIS
                        ),
                        action=action,
                        source="banner",
                    )
                )
    # A decision before the week is left out.
    records.append(
        ConsentRecord(
            consent_id="before",
            created_at=datetime.datetime(2026, 3, 2, 23, 59, tzinfo=PARIS),
            action="accept",
            source="banner",
        )
    )
    ConsentRecord.objects.bulk_create(records)


def expected_rows():
    rows = []
    for day, (accept, custom, refuse, withdraw, gpc, _expired) in WEEK.items():
        refused = refuse + withdraw + gpc
        total = accept + custom + refused
        rate = f"{100 * accept / total:.1f}" if total else ""
        rate = rate.removesuffix(".0")
        rows.append(
            [day.isoformat(), *map(str, (accept, custom, refused, total)), rate]
        )
    return rows


def test_decisions_per_day_by_outcome_in_svg_table_and_csv(client, dpo, seeded_week):
    client.force_login(dpo)
    response = client.get(REPORT + "?days=7")
    assert response.status_code == 200
    soup = parse(response.content.decode())
    chart = section(soup, "decisions")
    header, rows = table(chart)
    assert header == [
        "Day",
        "Accepted all",
        "Chose per group",
        "Refused",
        "Total",
        "Acceptance rate (%)",
    ]
    assert rows == expected_rows()
    assert rows[0] == ["2026-03-03", "3", "1", "0", "4", "75"]
    # 7 March (8 decisions) is the tallest stack: it fills the plot.
    heights = {}
    for day, _value, height in bars(chart):
        heights[day] = heights.get(day, 0) + float(height)
    assert heights["2026-03-07"] == 200
    assert heights["2026-03-03"] == 4 * 200 / 8
    assert heights["2026-03-04"] == 0
    accepted = bars(chart, series="Accepted all")
    assert [int(value) for _d, value, _h in accepted] == [3, 0, 1, 0, 4, 2, 0]
    # Over the period: 10 accepted of 21 decisions.
    assert "21 decisions; acceptance rate over the period: 47.6" in soup.get_text()
    download = client.get(chart.find("a", download=True)["href"])
    assert csv_rows(download) == [header, *rows]


def test_an_empty_period_renders_without_a_rate(client, dpo, initial_data, frozen):
    client.force_login(dpo)
    soup = parse(client.get(REPORT).content.decode())
    chart = section(soup, "decisions")
    assert chart.svg.find("text", attrs={"data-empty": "true"}) is not None
    assert len(table(chart)[1]) == 30
    assert "No decision in this period." in soup.get_text()


def test_the_page_is_headed_by_its_own_title(client, dpo, initial_data):
    client.force_login(dpo)
    soup = parse(client.get(REPORT).content.decode())
    assert soup.find("h1").get_text(strip=True) == "Consent report"


def test_the_dpo_finds_the_report_in_the_menu(client, dpo, initial_data):
    client.force_login(dpo)
    assert REPORT in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", ["editor", "communications"])
def test_who_may_not_read_the_ledger_gets_no_report(client, request, initial_data, who):
    client.force_login(request.getfixturevalue(who))
    assert REPORT not in client.get("/admin/").content.decode()
    for url in (REPORT, REPORT + "?csv=decisions"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
