"""Retention periods: shown in the notice, edited by the DPO, enforced by the purge."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people import services
from people.models import ConsentEvent, Person
from retention.models import RetentionSettings, add_months
from retention.purge import purge_personal_data_task
from rights.models import DataSubjectRequest
from visits.models import AggregatedDay, Visit

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/admin/settings/retention/retentionsettings/"


def test_the_notice_shows_the_periods_live(client, initial_data):
    html = client.get("/privacy/").content.decode()
    assert "Visitor log (IP address, date and time, operating system, browser)" in html
    assert "1 year" in html and "7 days" in html and "3 years" in html
    retention = RetentionSettings.current()
    retention.visitor_log_months = 6
    retention.save()
    html = client.get("/privacy/").content.decode()
    assert "6 months" in html


def test_the_periods_speak_french_on_the_french_site():
    from django.utils import translation

    with translation.override("fr"):
        periods = [
            (str(what), how_long)
            for _key, what, how_long in RetentionSettings.current().periods()
        ]
    assert periods[0] == (
        "Journal des visites (adresse IP, date et heure, système d’exploitation, "
        "navigateur)",
        "1 an",
    )
    assert periods[1][1] == "7 jours"


def test_the_periods_sit_after_the_how_long_paragraph(initial_data):
    from notice.models import PrivacyNoticePage

    body = PrivacyNoticePage.objects.get(locale__language_code="en").body
    types = [block.block_type for block in body]
    heading = next(
        i
        for i, block in enumerate(body)
        if block.block_type == "section_heading"
        and block.value == "How long do we save your Personal Data?"
    )
    assert types[heading + 1 : heading + 3] == ["paragraph", "retention_periods"]


def test_only_the_dpo_edits_the_periods(client, dpo, editor, initial_data):
    url = f"{SETTINGS_URL}{RetentionSettings.current().pk}/"
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    assert client.get(SETTINGS_URL).status_code in (302, 403)
    client.force_login(dpo)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "visitor_log_months": "24",
            "unconfirmed_signup_days": "7",
            "inactive_account_months": "36",
            "request_evidence_months": "60",
        },
    )
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 13." in response.content.decode()
    assert RetentionSettings.current().visitor_log_months == 12


@pytest.fixture
def old_data(initial_data):
    now = timezone.now()
    Visit.objects.bulk_create(
        [
            Visit(at=add_months(now, -13), ip="192.0.2.1", path="/"),
            Visit(at=add_months(now, -13), ip="192.0.2.2", path="/about/"),
            Visit(at=now - datetime.timedelta(days=3), ip="192.0.2.3", path="/"),
        ]
    )
    stale = services.register(full_name="Stale", email="stale@example.org")
    Person.objects.filter(pk=stale.pk).update(
        created_at=now - datetime.timedelta(days=8)
    )
    services.register(full_name="Fresh", email="fresh@example.org")
    idle = services.register(full_name="Idle", email="idle@example.org", confirmed=True)
    Person.objects.filter(pk=idle.pk).update(last_active_at=add_months(now, -37))
    services.register(full_name="Active", email="active@example.org", confirmed=True)
    closed = DataSubjectRequest.objects.create(
        kind="access",
        full_name="Old",
        email="old@example.org",
        message="...",
        status="answered",
        received_at=add_months(now, -62),
    )
    DataSubjectRequest.objects.filter(pk=closed.pk).update(
        closed_at=add_months(now, -61)
    )
    DataSubjectRequest.objects.create(
        kind="access", full_name="Open", email="open@example.org", message="..."
    )
    return {"stale": stale, "idle": idle}


def run(*args):
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def test_dry_run_reports_and_deletes_nothing(old_data):
    out = run("--dry-run").splitlines()
    assert "Would delete 2 visitor-log rows (kept 1 year)." in out
    assert "Would delete 1 unconfirmed sign-ups (kept 7 days)." in out
    # The idle person is not yet warned: the run would warn, not erase.
    assert (
        "Would delete 0 inactive registered users "
        "(kept 3 years; erased 30 days after the warning)." in out
    )
    assert (
        "Would warn 1 people of inactivity "
        "(kept 3 years; warned 30 days before erasure)." in out
    )
    assert "Would delete 1 closed data-subject requests (kept 5 years)." in out
    assert Visit.objects.count() == 3 and Person.objects.count() == 4


def test_purge_deletes_what_is_past_its_period_and_keeps_the_rest(old_data):
    Person.objects.filter(pk=old_data["idle"].pk).update(
        inactivity_warned_at=timezone.now() - datetime.timedelta(days=31)
    )
    out = run()
    assert "Deleted 2 visitor-log rows (kept 1 year)." in out
    assert list(Visit.objects.values_list("ip", flat=True)) == ["192.0.2.3"]
    # The old days stay in the anonymous statistics.
    assert AggregatedDay.objects.filter(views=2).exists()
    assert set(Person.objects.values_list("full_name", flat=True)) == {
        "Fresh",
        "Active",
    }
    for person in old_data.values():
        assert ConsentEvent.objects.filter(
            person_public_id=person.public_id, action="erased", source="retention"
        ).exists()
    assert list(DataSubjectRequest.objects.values_list("full_name", flat=True)) == [
        "Open"
    ]
    assert "Deleted 0 visitor-log rows (kept 1 year)." in run()


def test_old_visits_go_in_one_statement_whatever_their_number(initial_data):
    old = add_months(timezone.now(), -14)
    Visit.objects.bulk_create(
        Visit(at=old + datetime.timedelta(seconds=n), ip="192.0.2.1", path="/")
        for n in range(2000)
    )
    with CaptureQueriesContext(connection) as queries:
        run()
    deletes = [q for q in queries if q["sql"].startswith('DELETE FROM "visits_visit"')]
    assert len(deletes) == 1
    assert not Visit.objects.exists()


def test_the_purge_also_runs_as_a_task(old_data):
    result = purge_personal_data_task.enqueue()
    assert result.return_value["visitor-log rows"] == 2
    assert Visit.objects.count() == 1
