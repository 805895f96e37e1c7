"""The DPO hears of each new request and, on working days, of deadlines."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from rights.alerts import send_digest
from rights.models import DataSubjectRequest

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "erasure",
    "full_name": "Rosalind Elsie Franklin",
    "email": "rosalind@example.org",
    "message": "Please erase everything about me at King's College.",
}
SECRETS = ("Rosalind", "Franklin", "rosalind@example.org", "King's College")
# A Wednesday and a Saturday, at noon in Paris.
WEDNESDAY = datetime.datetime(2026, 12, 2, 11, 0, tzinfo=datetime.UTC)
SATURDAY = datetime.datetime(2026, 12, 5, 11, 0, tzinfo=datetime.UTC)


def make_request(due_in_days, now=WEDNESDAY, kind="access"):
    item = DataSubjectRequest.objects.create(
        kind=kind,
        full_name="Rosalind Franklin",
        email="rosalind@example.org",
        received_at=now - datetime.timedelta(days=20),
    )
    DataSubjectRequest.objects.filter(pk=item.pk).update(
        due_at=now + datetime.timedelta(days=due_in_days)
    )
    return item


def test_each_new_request_sends_one_alert_that_names_no_one(
    client, initial_data, dpo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/privacy/request/", FORM)
    assert response.status_code == 302
    alerts = [m for m in mail.outbox if m.to == ["dpo@example.org"]]
    assert len(alerts) == 1
    alert = alerts[0]
    subject_request = DataSubjectRequest.objects.get()
    assert f"no. {subject_request.pk}" in alert.subject
    assert f"/admin/privacy/requests/edit/{subject_request.pk}/" in alert.body
    for secret in SECRETS:
        assert secret not in alert.subject and secret not in alert.body
    # The requester's own acknowledgement still goes.
    assert any(m.to == ["rosalind@example.org"] for m in mail.outbox)


def test_the_alert_addresses_can_be_set(
    settings, dpo, django_capture_on_commit_callbacks
):
    settings.DPO_ALERT_EMAILS = ["dpo-team@example.org", "deputy@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        make_request(30)
    assert [m.to for m in mail.outbox] == [
        ["dpo-team@example.org", "deputy@example.org"]
    ]


def test_editing_a_request_sends_no_new_alert(dpo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = make_request(30)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        item.answer = "Done."
        item.save()
    assert mail.outbox == []


def test_the_digest_lists_overdue_and_due_soon_requests(dpo, time_machine):
    late = make_request(-2)
    soon = make_request(3, kind="erasure")
    make_request(20)  # not yet
    mail.outbox.clear()
    time_machine.move_to(WEDNESDAY)
    assert send_digest() == 1
    (digest,) = mail.outbox
    assert digest.to == ["dpo@example.org"]
    assert "1 overdue, 1 due within 7 days" in digest.subject
    overdue_part, soon_part = digest.body.split("Due within 7 days:")
    assert f"No. {late.pk}," in overdue_part
    assert f"No. {soon.pk}, Erasure of my data (art. 17): due by" in soon_part
    assert digest.body.count("No. ") == 2
    for secret in SECRETS:
        assert secret not in digest.body


def test_a_quiet_day_sends_nothing(dpo, time_machine):
    make_request(20)
    mail.outbox.clear()
    time_machine.move_to(WEDNESDAY)
    assert send_digest() == 0
    assert mail.outbox == []


def test_no_digest_on_a_weekend_unless_asked(dpo, time_machine):
    make_request(-1, now=SATURDAY)
    mail.outbox.clear()
    time_machine.move_to(SATURDAY)
    out = io.StringIO()
    call_command("dpo_digest", stdout=out)
    assert mail.outbox == []
    assert "nothing due" in out.getvalue()
    call_command("dpo_digest", "--any-day", stdout=out)
    assert len(mail.outbox) == 1


def test_closed_requests_are_not_in_the_digest(dpo, time_machine):
    item = make_request(-5)
    DataSubjectRequest.objects.filter(pk=item.pk).update(
        status="answered", closed_at=timezone.now()
    )
    mail.outbox.clear()
    time_machine.move_to(WEDNESDAY)
    assert send_digest() == 0
