"""Data-subject requests: the public form, the DPO's queue, deadlines and audit."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from people import services
from retention.models import add_months
from rights.models import DataSubjectRequest, RequestEvent

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "objection",
    "full_name": "Ada Lovelace",
    "email": "ada@example.org",
    "message": "I object to the statistics.",
}
QUEUE = "/admin/privacy/requests/"


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


def paris(*args):
    return datetime.datetime(*args, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.mark.parametrize(
    ("received", "months", "due"),
    [
        (paris(2026, 1, 31, 10), 1, paris(2026, 2, 28, 10)),
        (paris(2028, 1, 31, 10), 1, paris(2028, 2, 29, 10)),
        (paris(2026, 3, 15, 10), 1, paris(2026, 4, 15, 10)),
        (paris(2026, 11, 30, 10), 3, paris(2027, 2, 28, 10)),
        (paris(2026, 12, 31, 10), 1, paris(2027, 1, 31, 10)),
        # Received just after midnight in Paris, still the day before in UTC:
        # the month is counted from the Paris date, whichever zone is given.
        (utc(2026, 11, 29, 23, 2), 3, paris(2027, 2, 28, 0, 2)),
        (utc(2026, 1, 30, 23, 30), 1, paris(2026, 2, 28, 0, 30)),
    ],
)
def test_calendar_months_are_added_as_the_law_reads_them(received, months, due):
    assert add_months(received, months) == due
    assert add_months(received.astimezone(datetime.UTC), months) == due


def test_the_form_files_a_request_due_in_one_month(client, initial_data):
    person = services.register(full_name="Ada", email="ADA@example.org")
    response = client.post("/privacy/request/", FORM)
    assert response.status_code == 302
    request = DataSubjectRequest.objects.get()
    assert request.person == person
    assert request.status == "received"
    assert request.due_at == add_months(request.received_at, 1)
    assert request.events.count() == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    assert f"number {request.pk}" in mail.outbox[0].body


def test_the_form_explains_its_errors(client, initial_data):
    response = client.post("/privacy/request/", {**FORM, "kind": "", "email": "x"})
    html = response.content.decode()
    assert "Please choose what you would like to do." in html
    assert "Please enter a valid email address." in html
    assert not DataSubjectRequest.objects.exists()


def test_repeated_requests_are_throttled(client, initial_data, settings):
    settings.FORM_RATES = {**settings.FORM_RATES, "request": (1, 10, 3600)}
    client.post("/privacy/request/", FORM)
    response = client.post("/privacy/request/", FORM)
    assert response.status_code == 429
    assert DataSubjectRequest.objects.count() == 1


@pytest.mark.parametrize("who", ["editor", "communications"])
def test_only_the_dpo_sees_the_queue(client, request, initial_data, who):
    DataSubjectRequest.objects.create(**FORM)
    client.force_login(request.getfixturevalue(who))
    assert client.get(QUEUE).status_code in (302, 403)
    assert client.get(f"{QUEUE}?export=csv").status_code in (302, 403)
    html = client.get("/admin/").content.decode()
    assert "Data-subject requests to answer" not in html


@pytest.mark.parametrize("who", ["dpo", "superuser"])
def test_the_dpo_and_superusers_see_the_queue(client, request, initial_data, who):
    subject_request = DataSubjectRequest.objects.create(**FORM)
    client.force_login(request.getfixturevalue(who))
    assert client.get(QUEUE).status_code == 200
    assert client.get(f"{QUEUE}edit/{subject_request.pk}/").status_code == 200


def test_an_extension_needs_a_reason_and_moves_the_deadline(client, dpo):
    subject_request = DataSubjectRequest.objects.create(**FORM)
    client.force_login(dpo)
    url = f"{QUEUE}edit/{subject_request.pk}/"
    data = {
        **FORM,
        "received_at": subject_request.received_at.strftime("%Y-%m-%d %H:%M"),
        "status": "extended",
        "extension_months": "2",
        "extension_reason": "",
        "answer": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Give the reason for the extension" in response.content.decode()
    response = client.post(url, {**data, "extension_reason": "Many archives."})
    assert response.status_code == 302
    subject_request.refresh_from_db()
    assert subject_request.due_at == add_months(subject_request.received_at, 3)
    event = subject_request.events.last()
    assert event.user == dpo and event.status == "extended"
    assert "extension" in event.note


def test_the_audit_trail_is_append_only():
    subject_request = DataSubjectRequest.objects.create(**FORM)
    event = RequestEvent.objects.create(request=subject_request, status="received")
    event.note = "rewritten"
    with pytest.raises(ValueError):
        event.save()


def test_overdue_requests_stand_out_on_the_dpo_dashboard(client, dpo):
    late = DataSubjectRequest.objects.create(
        **FORM, received_at=timezone.now() - datetime.timedelta(days=40)
    )
    soon = DataSubjectRequest.objects.create(
        **FORM, received_at=timezone.now() - datetime.timedelta(days=27)
    )
    DataSubjectRequest.objects.create(
        **FORM,
        received_at=timezone.now() - datetime.timedelta(days=60),
        status="answered",
    )
    client.force_login(dpo)
    html = client.get("/admin/").content.decode()
    assert "Data-subject requests to answer" in html
    assert html.count("privacy-request--overdue") == 1
    assert f"Request #{late.pk}" in html and f"Request #{soon.pk}" in html


def test_the_acknowledgement_echoes_nothing_the_sender_typed(client, db):
    """Anyone may type any address: the site's own mail must carry no
    sentence of a stranger's choosing."""
    client.post(
        "/privacy/request/",
        {
            **FORM,
            "full_name": "Your parcel is held: pay at parcel.example",
            "message": "Wire the fee to parcel.example today.",
        },
    )
    (message,) = mail.outbox
    assert "parcel" not in message.subject + message.body
    assert message.body.startswith("Hello,\n")
