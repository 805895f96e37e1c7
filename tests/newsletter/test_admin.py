"""The Newsletter admin: who sees it, what it shows, the retry action."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from newsletter.models import ReconciliationReport, SyncRecord
from people import services

pytestmark = pytest.mark.django_db(transaction=True)

OVERVIEW = "/admin/newsletter/overview/"
RECORDS = "/admin/newsletter/sync/"


@pytest.fixture
def failed_record(fake_mailchimp, initial_data):
    fake_mailchimp.state.set_member("ada@example.org", "unsubscribed")
    person = services.register(
        full_name="Ada Lovelace", email="ada@example.org", newsletter=True
    )
    services.confirm(person)
    record = SyncRecord.objects.get()
    assert record.state == SyncRecord.State.FAILED
    return record


@pytest.mark.parametrize("who", ["communications", "dpo", "superuser"])
def test_communications_and_the_dpo_see_the_sync_state(
    client, request, failed_record, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert str(failed_record.person_public_id) in html
    assert "Refused by Mailchimp" in html
    assert "Member In Compliance State" in html
    assert "Retry 1 failed change" in html
    records = client.get(RECORDS)
    assert records.status_code == 200
    assert str(failed_record.person_public_id) in records.content.decode()
    menu = client.get("/admin/").content.decode()
    assert reverse("newsletter_overview:index") in menu


def test_editors_see_no_newsletter_admin(client, failed_record, editor):
    client.force_login(editor)
    assert client.get(OVERVIEW).status_code in {302, 403}
    assert client.get(RECORDS).status_code in {302, 403}
    assert (
        reverse("newsletter_overview:index")
        not in client.get("/admin/").content.decode()
    )
    response = client.post(reverse("newsletter_overview:retry"))
    assert response.status_code in {302, 403}
    assert SyncRecord.objects.get().state == SyncRecord.State.FAILED


def test_nobody_edits_sync_records_by_hand(client, failed_record, superuser):
    client.force_login(superuser)
    edit = reverse("newsletter_sync_records:edit", args=[failed_record.pk])
    assert client.get(edit).status_code in {302, 403}


def test_retry_failed_pushes_again(
    client, failed_record, communications, fake_mailchimp
):
    # The person subscribed again through Mailchimp's own form meanwhile.
    fake_mailchimp.member("ada@example.org")["status"] = "pending"
    client.force_login(communications)
    response = client.post(reverse("newsletter_overview:retry"), follow=True)
    assert "1 failed changes were queued" in response.content.decode()
    record = SyncRecord.objects.get()
    assert record.state == SyncRecord.State.SYNCED
    assert fake_mailchimp.member("ada@example.org")["status"] == "subscribed"


def test_the_last_reconciliation_report_is_shown(client, initial_data, dpo):
    ReconciliationReport.objects.create(
        counts={"mailchimp_members": 12, "in_sync": 11, "profile_drift": 1},
        api_calls=3,
        finished_at="2026-11-26T10:00:00Z",
    )
    client.force_login(dpo)
    html = client.get(OVERVIEW).content.decode()
    assert "Members in the Mailchimp audience" in html
    assert "Name, laboratory or country differs: pushed" in html
    assert "3 API calls" in html


def test_the_overview_shows_the_oldest_waiting_change_and_its_age(
    client, initial_data, fake_mailchimp, communications, time_machine
):
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    time_machine.move_to(start, tick=False)
    fake_mailchimp.down()
    for email in ("ada@example.org", "bob@example.org"):
        person = services.register(full_name="Someone", email=email, newsletter=True)
        services.confirm(person)
        time_machine.shift(timedelta(hours=1))
    oldest = SyncRecord.objects.order_by("waiting_since").first()
    time_machine.move_to(start + timedelta(days=2, hours=3), tick=False)
    client.force_login(communications)
    html = client.get(OVERVIEW).content.decode()
    assert "2 changes are waiting for Mailchimp." in html
    assert "The oldest waiting change" in html
    assert str(oldest.person_public_id) in html
    assert "for 2\xa0days, 3\xa0hours" in html
    assert "Mailchimp could not be reached" in html
    assert "Nothing is waiting" not in html
