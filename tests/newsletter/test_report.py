"""The newsletter report: subscribers from the ledger, the outbox, reconciliations."""

import datetime
import uuid
import zoneinfo

import pytest
import time_machine

from newsletter.models import ReconciliationReport, SyncRecord
from people import services
from people.models import ConsentEvent
from tests.home.test_charts import bars, csv_rows, parse, section, table

REPORT = "/admin/newsletter/report/"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 3, 9, 15, 0, tzinfo=PARIS)
NEWSLETTER = ConsentEvent.Purpose.NEWSLETTER
REGISTRATION = ConsentEvent.Purpose.REGISTRATION
A = ConsentEvent.Action


def at(day, hour=12):
    return datetime.datetime(2026, day[0], day[1], hour, 0, tzinfo=PARIS)


# (person, purpose, action, (month, day), hour)
LEDGER = [
    ("a", NEWSLETTER, A.GIVEN, (2, 20), 12),
    ("b", NEWSLETTER, A.GIVEN, (2, 25), 12),
    ("b", NEWSLETTER, A.WITHDRAWN, (3, 5), 0),
    ("c", NEWSLETTER, A.REQUESTED, (3, 3), 9),
    ("c", NEWSLETTER, A.GIVEN, (3, 4), 23),
    ("d", NEWSLETTER, A.GIVEN, (3, 4), 1),
    ("d", NEWSLETTER, A.CLEANED, (3, 7), 8),
    ("e", NEWSLETTER, A.GIVEN, (3, 6), 10),
    ("e", REGISTRATION, A.ERASED, (3, 8), 10),
    ("f", NEWSLETTER, A.GIVEN, (3, 7), 10),
    ("f", NEWSLETTER, A.GIVEN, (3, 7), 11),
    ("g", REGISTRATION, A.ERASED, (3, 6), 10),
    ("h", REGISTRATION, A.CONFIRMED, (3, 6), 10),
]
# Day: subscribed, unsubscribed, subscribers at the end of the day.
EXPECTED = [
    ("2026-03-03", 0, 0, 2),
    ("2026-03-04", 2, 0, 4),
    ("2026-03-05", 0, 1, 3),
    ("2026-03-06", 1, 0, 4),
    ("2026-03-07", 1, 1, 4),
    ("2026-03-08", 0, 1, 3),
    # Zoé, registered and confirmed today through the site's services.
    ("2026-03-09", 1, 0, 4),
]
SECRET_NAME = "Zoé Secretname"
SECRET_EMAIL = "zoe.secretname@example.org"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def seeded(initial_data, frozen):
    ids = {name: uuid.uuid4() for name in "abcdefgh"}
    ConsentEvent.objects.bulk_create(
        ConsentEvent(
            person_public_id=ids[name],
            email_hash=f"hash-{name}",
            purpose=purpose,
            action=action,
            occurred_at=at(day, hour),
            source="test",
        )
        for name, purpose, action, day, hour in LEDGER
    )
    services.register(
        full_name=SECRET_NAME, email=SECRET_EMAIL, newsletter=True, confirmed=True
    )
    SyncRecord.objects.create(
        person_public_id=uuid.uuid4(),
        operation=SyncRecord.Operation.SUBSCRIBE,
        changed_at=NOW - datetime.timedelta(days=1, hours=2),
    )
    SyncRecord.objects.create(
        person_public_id=uuid.uuid4(),
        operation=SyncRecord.Operation.DELETE,
        changed_at=NOW - datetime.timedelta(hours=5),
    )
    for _n in range(2):
        SyncRecord.objects.create(
            person_public_id=uuid.uuid4(),
            operation=SyncRecord.Operation.SUBSCRIBE,
            state=SyncRecord.State.FAILED,
        )
    ReconciliationReport.objects.create(
        started_at=at((3, 2), 3),
        finished_at=at((3, 2), 4),
        api_calls=5,
        counts={
            "in_sync": 10,
            "missing_in_mailchimp": 2,
            "profile_drift": 1,
            "repair_failures": 1,
            "mailchimp_members": 12,
            "local_people": 13,
        },
    )
    ReconciliationReport.objects.create(
        started_at=at((3, 8), 3),
        finished_at=at((3, 8), 4),
        dry_run=True,
        api_calls=3,
        counts={"in_sync": 12, "unknown_subscribed": 1, "mailchimp_members": 13},
    )
    # Still running: not a result yet.
    ReconciliationReport.objects.create(started_at=at((3, 9), 3))


def get(client, user, query="?days=7"):
    client.force_login(user)
    response = client.get(REPORT + query)
    assert response.status_code == 200
    return response, parse(response.content.decode())


def test_subscribers_per_day_are_replayed_from_the_ledger(
    client, communications, seeded
):
    _response, soup = get(client, communications)
    line = section(soup, "subscribers")
    header, rows = table(line)
    assert header == ["Day", "Subscribers"]
    assert rows == [[day, str(total)] for day, _in, _out, total in EXPECTED]
    points = line.svg.find_all("circle")
    assert [point["data-value"] for point in points] == [r[1] for r in rows]
    # Four subscribers is the most: those points sit at the top of the plot.
    assert {float(p["cy"]) for p in points if p["data-value"] == "4"} == {16}
    assert csv_rows(client.get(line.find("a", download=True)["href"])) == [
        header,
        *rows,
    ]
    changes = section(soup, "changes")
    header, rows = table(changes)
    assert header == ["Day", "Subscribed", "Unsubscribed"]
    assert rows == [[day, str(i), str(o)] for day, i, o, _total in EXPECTED]
    drawn = bars(changes, series="Subscribed")
    assert [(day, value) for day, value, _h in drawn] == [
        (day, str(i)) for day, i, _o, _t in EXPECTED
    ]
    assert {float(h) for _d, v, h in drawn if v == "2"} == {200}
    assert csv_rows(client.get(REPORT + "?days=7&csv=changes")) == [header, *rows]


def test_the_outbox_and_the_last_reconciliations(client, dpo, seeded):
    assert SyncRecord.objects.filter(state=SyncRecord.State.PENDING).count() == 3
    response, soup = get(client, dpo)
    outbox = section(soup, "outbox")
    assert table(outbox)[1] == [
        ["Waiting", "3"],
        ["Erasures waiting", "1"],
        [
            "Failed",
            "2",
        ],
    ]
    assert csv_rows(client.get(REPORT + "?csv=outbox"))[1:] == table(outbox)[1]
    assert "has waited for Mailchimp for 1\xa0day, 2\xa0hours" in soup.get_text()
    runs = section(soup, "reconciliations")
    header, rows = table(runs)
    assert header == [
        "Started",
        "Already in agreement",
        "Differences found",
        "Repairs that failed",
        "Members in the Mailchimp audience",
        "Registered users with a newsletter consent",
        "API calls",
    ]
    assert rows == [
        ["2026-03-02 03:00", "10", "3", "1", "12", "13", "5"],
        ["2026-03-08 03:00 (dry run)", "12", "1", "0", "13", "0", "3"],
    ]
    assert csv_rows(client.get(REPORT + "?csv=reconciliations")) == [header, *rows]
    html = response.content.decode()
    for secret in (SECRET_NAME, SECRET_EMAIL, "secretname"):
        assert secret.lower() not in html.lower()
        for key in ("subscribers", "changes", "outbox", "reconciliations"):
            download = client.get(f"{REPORT}?csv={key}").content.decode()
            assert secret.lower() not in download.lower()


def test_an_empty_report_renders(client, communications, initial_data, frozen):
    _response, soup = get(client, communications, "")
    for key in ("subscribers", "changes", "outbox", "reconciliations"):
        assert (
            section(soup, key).svg.find("text", attrs={"data-empty": "true"})
            is not None
        )
    assert "No change is waiting for Mailchimp." in soup.get_text()
    assert soup.find("h1").get_text(strip=True) == "Newsletter report"


@pytest.mark.parametrize("who", ["dpo", "communications"])
def test_communications_and_the_dpo_find_the_report(client, request, initial_data, who):
    client.force_login(request.getfixturevalue(who))
    assert REPORT in client.get("/admin/").content.decode()


def test_editors_get_no_report(client, editor, initial_data):
    client.force_login(editor)
    assert REPORT not in client.get("/admin/").content.decode()
    for url in (REPORT, REPORT + "?csv=subscribers"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
