"""The visitor log: what it records, how it writes, and the anonymous report."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people import services
from visits import buffer, stats
from visits.models import AggregatedDay, DailyVisits, Visit

pytestmark = pytest.mark.django_db

FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Safari/605.1.15"
)
REPORT = "/admin/privacy/visits/"


def visit(client, path, agent=FIREFOX_LINUX, ip="192.0.2.10"):
    return client.get(path, HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)


def test_a_page_view_is_recorded_with_ip_time_and_families_only(client, initial_data):
    visit(client, "/about/?utm_source=mail")
    buffer.flush()
    row = Visit.objects.get()
    assert row.ip == "192.0.2.10"
    assert row.path == "/about/"
    assert (row.os_family, row.browser_family) == ("Linux", "Firefox")
    assert abs(timezone.now() - row.at) < datetime.timedelta(minutes=1)
    assert row.person is None


def test_admin_static_errors_and_non_html_are_not_recorded(
    client, initial_data, superuser
):
    visit(client, "/no-such-page/")
    visit(client, "/static/css/site.css")
    client.post("/my-data/", {"email": "x@example.org"})
    client.force_login(superuser)
    visit(client, "/admin/")
    buffer.flush()
    assert not Visit.objects.exists()


def test_page_views_wait_in_the_buffer_and_are_written_in_bulk(
    client, initial_data, settings
):
    settings.VISIT_LOG_BUFFER_SIZE = 3
    settings.VISIT_LOG_FLUSH_SECONDS = 3600
    with CaptureQueriesContext(connection) as queries:
        visit(client, "/")
        visit(client, "/about/")
    assert not [q for q in queries if "visits_visit" in q["sql"]]
    assert Visit.objects.count() == 0 and len(buffer.pending()) == 2
    with CaptureQueriesContext(connection) as queries:
        visit(client, "/privacy/")
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "visits_visit"')]
    assert len(inserts) == 1
    assert Visit.objects.count() == 3 and buffer.pending() == []


def test_rows_of_someone_erased_meanwhile_are_never_written(initial_data):
    person = services.register(full_name="Ada", email="ada@example.org", confirmed=True)
    row = (timezone.now(), "192.0.2.1", "/", "Linux", "Firefox", str(person.public_id))
    services.erase(person, source="admin")
    # As if another process had buffered the row before the erasure.
    buffer.append(row)
    buffer.flush()
    assert not Visit.objects.exists()


def make_visits(day, rows):
    start, _ = stats.day_bounds(day)
    Visit.objects.bulk_create(
        Visit(at=start + datetime.timedelta(hours=1), **row) for row in rows
    )


def test_statistics_keep_no_address_and_leave_restricted_people_out(initial_data):
    restricted = services.register(full_name="R", email="r@example.org", confirmed=True)
    services.set_restricted(restricted, True, source="self-service")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_visits(
        yesterday,
        [
            {
                "ip": "192.0.2.1",
                "path": "/",
                "os_family": "Linux",
                "browser_family": "Firefox",
            },
            {
                "ip": "192.0.2.1",
                "path": "/about/",
                "os_family": "Linux",
                "browser_family": "Firefox",
            },
            {
                "ip": "192.0.2.2",
                "path": "/",
                "os_family": "Mac OS X",
                "browser_family": "Safari",
            },
            {
                "ip": "192.0.2.3",
                "path": "/",
                "os_family": "Windows",
                "browser_family": "Edge",
                "person": restricted.public_id,
            },
        ],
    )
    assert stats.aggregate_pending() == [yesterday]
    day = AggregatedDay.objects.get(day=yesterday)
    assert (day.views, day.visitors) == (3, 2)
    assert DailyVisits.objects.filter(day=yesterday, path="/").count() == 2
    assert "ip" not in {f.name for f in DailyVisits._meta.get_fields()}
    report = stats.report(days=7)
    assert report["total_views"] == 3
    assert report["top_pages"][0] == {"name": "/", "views": 2, "share": 66.7}
    assert {row["name"] for row in report["browsers"]} == {"Firefox", "Safari"}
    # Aggregating again changes nothing.
    assert stats.aggregate_pending() == []


@pytest.mark.parametrize("who", ["dpo", "communications", "superuser"])
def test_dpo_and_communications_read_the_report_without_any_ip(
    client, request, initial_data, who
):
    visit(client, "/about/", agent=SAFARI_MAC, ip="198.51.100.77")
    client.force_login(request.getfixturevalue(who))
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/about/" in html and "Safari" in html and "Mac OS X" in html
    assert "198.51.100.77" not in html


def test_editors_cannot_read_the_report(client, editor, initial_data):
    client.force_login(editor)
    assert client.get(REPORT).status_code in (302, 403)


GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"


@pytest.mark.parametrize(
    "agent",
    [GOOGLEBOT, BINGBOT, "curl/8.5.0", "python-requests/2.32.3", "Wget/1.21.4"],
)
def test_crawlers_and_scripts_are_not_visitors(client, initial_data, agent):
    from visits.middleware import crawler_name

    assert crawler_name(agent)
    visit(client, "/about/", agent=agent)
    buffer.flush()
    assert Visit.objects.count() == 0


def test_browsers_are_not_taken_for_crawlers():
    from visits.middleware import crawler_name

    assert crawler_name(FIREFOX_LINUX) == ""
    assert crawler_name(SAFARI_MAC) == ""
    assert crawler_name("") == ""


def test_crawlers_are_counted_apart_per_day_without_address(
    client, initial_data, superuser
):
    from visits.models import CrawlerDay

    for _ in range(3):
        visit(client, "/about/", agent=GOOGLEBOT, ip="66.249.66.1")
    visit(client, "/", agent=BINGBOT)
    visit(client, "/about/")  # a person
    buffer.flush()
    counts = dict(CrawlerDay.objects.values_list("crawler", "hits"))
    assert counts == {"Googlebot": 3, "bingbot": 1}
    assert Visit.objects.count() == 1
    # A second flush adds to the same day's row.
    visit(client, "/about/", agent=GOOGLEBOT)
    buffer.flush()
    assert CrawlerDay.objects.get(crawler="Googlebot").hits == 4
    report = stats.report(days=7)
    assert report["crawlers"][0] == {"crawler": "Googlebot", "requests": 4}
    assert report["total_views"] == 1
    client.force_login(superuser)
    page = client.get(REPORT).content.decode()
    assert "Crawlers and bots" in page and "Googlebot" in page
