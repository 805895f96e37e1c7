"""Mailchimp's webhook updates the site without echoing back."""

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from newsletter.models import SyncRecord, WebhookEvent
from people import services
from people.models import ConsentEvent, Person
from tests.mailchimp.fixtures import WEBHOOK_SECRET

pytestmark = pytest.mark.django_db(transaction=True)
URL = f"/newsletter/mailchimp/webhook/{WEBHOOK_SECRET}/"


@pytest.fixture
def person(fake_mailchimp):
    person = services.register(
        full_name="Ada Lovelace", email="ada@example.org", newsletter=True
    )
    return services.confirm(person)


def post(client, event_type, fired_at=None, **data):
    """An event as Mailchimp posts it, fired now unless said otherwise (UTC)."""
    fired_at = fired_at or timezone.now().astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    payload = {"type": event_type, "fired_at": fired_at}
    payload["data[list_id]"] = data.pop("list_id", "list0001")
    for key, value in data.items():
        if key.startswith("merges_"):
            payload[f"data[merges][{key[7:]}]"] = value
        else:
            payload[f"data[{key}]"] = value
    return client.post(URL, payload)


def test_mailchimp_validation_get_is_answered(client, fake_mailchimp):
    assert client.get(URL).status_code == 200


def test_a_wrong_secret_is_not_found(client, fake_mailchimp, person):
    response = client.post(
        "/newsletter/mailchimp/webhook/wrong/",
        {"type": "unsubscribe", "data[email]": "ada@example.org"},
    )
    assert response.status_code == 404
    assert client.get("/newsletter/mailchimp/webhook/wrong/").status_code == 404
    person.refresh_from_db()
    assert person.newsletter_consent == "given"


def test_no_secret_configured_switches_the_webhook_off(client, settings, person):
    settings.MAILCHIMP_WEBHOOK_SECRET = ""
    assert client.get("/newsletter/mailchimp/webhook/x/").status_code == 404


def test_unsubscribe_updates_the_site_and_the_ledger_without_echo(
    client, fake_mailchimp, person
):
    calls = len(fake_mailchimp.state.calls)
    response = post(client, "unsubscribe", email="ADA@example.org", action="unsub")
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.newsletter_consent == "withdrawn"
    event = ConsentEvent.objects.get(source="mailchimp")
    assert event.action == ConsentEvent.Action.WITHDRAWN
    assert event.person_public_id == person.public_id
    assert len(fake_mailchimp.state.calls) == calls  # nothing sent back
    assert SyncRecord.objects.get().state == SyncRecord.State.SYNCED

    # Mailchimp retries deliveries: the second changes nothing.
    post(client, "unsubscribe", email="ada@example.org")
    assert ConsentEvent.objects.filter(source="mailchimp").count() == 1
    assert list(
        WebhookEvent.objects.order_by("pk").values_list("outcome", flat=True)
    ) == ["applied", "unchanged"]


def test_cleaned_withdraws_with_the_cleaned_action(client, fake_mailchimp, person):
    post(client, "cleaned", email="ada@example.org", reason="hard")
    person.refresh_from_db()
    assert person.newsletter_consent == "withdrawn"
    assert ConsentEvent.objects.get(source="mailchimp").action == "cleaned"


def test_profile_updates_name_laboratory_and_country(client, fake_mailchimp, person):
    calls = len(fake_mailchimp.state.calls)
    post(
        client,
        "profile",
        email="ada@example.org",
        merges_FNAME="Augusta Ada",
        merges_LNAME="King",
        merges_LAB="Analytical Engines",
        merges_COUNTRY="GB",
    )
    person.refresh_from_db()
    assert person.full_name == "Augusta Ada King"
    assert person.laboratory == "Analytical Engines"
    assert person.country.code == "GB"
    assert len(fake_mailchimp.state.calls) == calls
    event = WebhookEvent.objects.get()
    assert (event.event_type, event.outcome, event.source) == (
        "profile",
        "applied",
        "mailchimp",
    )
    assert event.person_public_id == person.public_id


def test_upemail_changes_the_address_without_echo(client, fake_mailchimp, person):
    calls = len(fake_mailchimp.state.calls)
    post(
        client,
        "upemail",
        old_email="ada@example.org",
        new_email="ada@example.net",
        new_id="x",
    )
    person.refresh_from_db()
    assert person.email == "ada@example.net"
    record = SyncRecord.objects.get()
    assert record.previous_hash == ""
    assert record.state == SyncRecord.State.SYNCED
    assert len(fake_mailchimp.state.calls) == calls


def test_an_unknown_address_or_other_audience_is_acknowledged_and_ignored(
    client, fake_mailchimp, person
):
    assert post(client, "unsubscribe", email="nobody@example.org").status_code == 200
    response = post(client, "unsubscribe", email="ada@example.org", list_id="other")
    assert response.status_code == 200
    assert Person.objects.get().newsletter_consent == "given"
    assert not WebhookEvent.objects.filter(outcome="applied").exists()


def test_a_subscribe_from_mailchimp_does_not_opt_anyone_in(client, fake_mailchimp):
    person = services.register(full_name="Bo", email="bo@example.org", confirmed=True)
    post(client, "subscribe", email="bo@example.org")
    person.refresh_from_db()
    assert person.newsletter_consent == "none"


@pytest.mark.parametrize(
    "first_name",
    ["Ada\x00", "Ada\u202eecalevol", "Ada\r\nBcc: x@example.org"],
)
def test_a_profile_with_a_hostile_name_changes_nothing(
    client, fake_mailchimp, person, first_name
):
    response = post(client, "profile", email="ada@example.org", merges_FNAME=first_name)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.full_name == "Ada Lovelace"
    assert WebhookEvent.objects.latest("pk").outcome == "ignored"


@pytest.mark.parametrize(
    "new_email",
    ["", "   ", "not-an-address", "a\x00@example.org", "a" * 300 + "@example.org"],
)
def test_an_empty_or_malformed_new_address_is_never_stored(
    client, fake_mailchimp, person, new_email
):
    response = post(client, "upemail", old_email="ada@example.org", new_email=new_email)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.email == "ada@example.org"
    assert WebhookEvent.objects.latest("pk").outcome == "ignored"


def test_an_old_unsubscribe_replayed_does_not_withdraw_a_newer_consent(
    client, fake_mailchimp, person
):
    earlier = person.newsletter_consent_at - timedelta(hours=1)
    response = post(
        client,
        "unsubscribe",
        fired_at=earlier.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        email="ada@example.org",
        action="unsub",
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.newsletter_consent == "given"
    assert WebhookEvent.objects.latest("pk").outcome == "ignored"
    # The same event fired after the consent withdraws it.
    post(client, "unsubscribe", email="ada@example.org", action="unsub")
    person.refresh_from_db()
    assert person.newsletter_consent == "withdrawn"


def test_an_event_type_with_control_characters_is_recorded_without_them(
    client, fake_mailchimp, person
):
    """PostgreSQL refuses NUL in text: the event was once a 500 there."""
    response = client.post(URL, {"type": "un\x00sub\x1bscribe\u202e", "fired_at": ""})
    assert response.status_code == 200
    event = WebhookEvent.objects.get()
    assert (event.event_type, event.outcome) == ("unsubscribe", "ignored")


@pytest.mark.parametrize("field", ["email", "old_email"])
def test_an_address_with_a_nul_matches_no_one(client, fake_mailchimp, person, field):
    """PostgreSQL refuses NUL in a query: the lookup was once a 500 there."""
    event = "upemail" if field == "old_email" else "unsubscribe"
    response = post(
        client, event, new_email="new@example.org", **{field: "ada@example.org\x00"}
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.email, person.newsletter_consent) == ("ada@example.org", "given")


def test_upemail_to_an_address_no_mail_can_be_sent_to_is_ignored(
    client, fake_mailchimp, person
):
    response = post(
        client,
        "upemail",
        old_email="ada@example.org",
        new_email="ada@example.org\u202e",
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.email == "ada@example.org"
    assert WebhookEvent.objects.get().outcome == "ignored"


@pytest.mark.parametrize("field", ["email", "old_email"])
def test_a_100_kb_address_matches_no_one(client, fake_mailchimp, person, field):
    """SQLite refuses a LIKE pattern that long: the lookup was once a 500 there."""
    event = "upemail" if field == "old_email" else "unsubscribe"
    response = post(
        client, event, new_email="new@example.org", **{field: "A" * 100_000}
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.email, person.newsletter_consent) == ("ada@example.org", "given")
