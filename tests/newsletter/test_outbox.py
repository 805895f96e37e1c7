"""Consent changes reach Mailchimp through the outbox, even when it is down."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from newsletter.gateway import subscriber_hash
from newsletter.models import SyncRecord
from people import services
from people.models import ConsentEvent, Person

pytestmark = pytest.mark.django_db(transaction=True)


def subscribe(email, name="Ada Lovelace", **fields):
    person = services.register(
        full_name=name, email=email, newsletter=True, laboratory="LABGeM", **fields
    )
    return services.confirm(person)


def sync(*args):
    out = io.StringIO()
    call_command("newsletter_sync", *args, stdout=out)
    return out.getvalue()


def test_a_confirmed_opt_in_is_subscribed_with_merge_fields(fake_mailchimp):
    subscribe("ada@example.org", country="FR")
    member = fake_mailchimp.member("ada@example.org")
    assert member["status"] == "subscribed"
    assert member["merge_fields"] == {
        "FNAME": "Ada",
        "LNAME": "Lovelace",
        "LAB": "LABGeM",
        "COUNTRY": "FR",
    }
    record = SyncRecord.objects.get()
    assert record.state == SyncRecord.State.SYNCED
    assert record.subscriber_hash == subscriber_hash("ada@example.org")


def test_an_unconfirmed_opt_in_never_reaches_mailchimp(fake_mailchimp):
    services.register(full_name="Bo", email="bo@example.org", newsletter=True)
    assert fake_mailchimp.member("bo@example.org") is None
    assert not SyncRecord.objects.exists()


def test_a_registration_without_newsletter_never_reaches_mailchimp(fake_mailchimp):
    services.register(full_name="Cy", email="cy@example.org", confirmed=True)
    assert fake_mailchimp.state.calls == []


def test_the_outbox_row_rolls_back_with_the_change(fake_mailchimp):
    person = services.register(full_name="Di", email="di@example.org", newsletter=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.confirm(person)
        assert SyncRecord.objects.exists()
        raise RuntimeError("the request failed")
    assert not SyncRecord.objects.exists()
    assert fake_mailchimp.member("di@example.org") is None


def test_200_opt_ins_while_mailchimp_is_down_all_arrive_once(fake_mailchimp):
    fake_mailchimp.down()
    for index in range(200):
        subscribe(f"person{index}@example.org", name=f"Person {index}")
    assert SyncRecord.objects.filter(state=SyncRecord.State.PENDING).count() == 200
    assert not SyncRecord.objects.filter(next_attempt_at__isnull=True).exists()
    assert all(r.last_error for r in SyncRecord.objects.all())
    # Still down: nothing is lost, the command says so.
    assert "200 changes wait for Mailchimp" in sync("--now")

    fake_mailchimp.up()
    output = sync("--now")

    assert "Nothing waits" in output
    audience = fake_mailchimp.state.audience()
    assert len(audience.members) == 200
    assert {m["status"] for m in audience.members.values()} == {"subscribed"}
    assert set(audience.creations.values()) == {1}  # none twice
    assert SyncRecord.objects.filter(state=SyncRecord.State.SYNCED).count() == 200


def test_a_few_pending_rows_are_pushed_one_call_each(fake_mailchimp):
    fake_mailchimp.down()
    for index in range(3):
        subscribe(f"few{index}@example.org")
    fake_mailchimp.up()
    sync("--now")
    assert fake_mailchimp.state.call_count("PUT", "/members/") == 3
    assert fake_mailchimp.state.call_count("POST", "/batches") == 0


def test_opt_out_unsubscribes(fake_mailchimp):
    person = subscribe("eve@example.org")
    services.set_newsletter_consent(person, False, source="self-service")
    assert fake_mailchimp.member("eve@example.org")["status"] == "unsubscribed"


def test_restriction_unsubscribes(fake_mailchimp):
    person = subscribe("fay@example.org")
    services.set_restricted(person, True, source="admin")
    assert fake_mailchimp.member("fay@example.org")["status"] == "unsubscribed"


def test_lifting_a_restriction_after_mailchimp_unsubscribed_is_a_recorded_error(
    fake_mailchimp,
):
    person = subscribe("gil@example.org")
    services.set_restricted(person, True, source="admin")
    services.set_restricted(person, False, source="admin")
    record = SyncRecord.objects.get()
    assert record.state == SyncRecord.State.FAILED
    assert "Member In Compliance State" in record.last_error
    assert "gil@example.org" not in record.last_error
    assert "1 refused by Mailchimp" in sync("--now")
    with pytest.raises(CommandError):
        sync("--check")
    # Not retried automatically: the failed row stays failed, one call only.
    assert fake_mailchimp.state.call_count("PUT", "/members/") == 2


def test_a_profile_change_updates_the_merge_fields(fake_mailchimp):
    person = subscribe("hal@example.org")
    services.update_profile(person, source="self-service", laboratory="Genoscope")
    assert fake_mailchimp.member("hal@example.org")["merge_fields"]["LAB"] == (
        "Genoscope"
    )


def test_an_address_change_moves_the_member(fake_mailchimp):
    person = subscribe("ivy@example.org")
    services.update_profile(person, source="self-service", email="ivy@example.net")
    audience = fake_mailchimp.state.audience()
    assert fake_mailchimp.member("ivy@example.org") is None
    assert fake_mailchimp.member("ivy@example.net")["status"] == "subscribed"
    assert len(audience.members) == 1
    assert SyncRecord.objects.get().previous_hash == ""


def test_an_address_change_while_down_still_moves_the_member(fake_mailchimp):
    person = subscribe("jo@example.org")
    fake_mailchimp.down()
    services.update_profile(person, source="self-service", email="jo@example.net")
    fake_mailchimp.up()
    sync("--now")
    assert fake_mailchimp.member("jo@example.org") is None
    assert fake_mailchimp.member("jo@example.net")["status"] == "subscribed"


def test_erasure_deletes_permanently_and_scrubs_the_outbox(fake_mailchimp):
    person = subscribe("kim@example.org")
    services.erase(person, source="dpo")
    audience = fake_mailchimp.state.audience()
    assert audience.members == {}
    assert subscriber_hash("kim@example.org") in audience.forgotten
    record = SyncRecord.objects.get()
    assert (record.email, record.subscriber_hash, record.person) == ("", "", None)
    assert record.state == SyncRecord.State.SYNCED
    assert record.operation == SyncRecord.Operation.DELETE


def test_erasure_while_down_keeps_only_the_hash_until_the_delete(fake_mailchimp):
    person = subscribe("lou@example.org")
    fake_mailchimp.down()
    services.erase(person, source="dpo")
    record = SyncRecord.objects.get()
    assert record.email == "" and record.merge_fields == {}
    assert record.subscriber_hash == subscriber_hash("lou@example.org")
    fake_mailchimp.up()
    sync("--now")
    record.refresh_from_db()
    assert record.subscriber_hash == ""
    assert fake_mailchimp.member("lou@example.org") is None


def test_an_erased_address_cannot_come_back_and_says_why(fake_mailchimp):
    services.erase(subscribe("max@example.org"), source="dpo")
    subscribe("max@example.org")
    record = SyncRecord.objects.get(person__isnull=False)
    assert record.state == SyncRecord.State.FAILED
    assert "permanently deleted" in record.last_error


def test_changes_from_mailchimp_are_not_echoed_back(fake_mailchimp):
    person = subscribe("ned@example.org")
    calls = len(fake_mailchimp.state.calls)
    services.set_newsletter_consent(person, False, source="mailchimp")
    assert len(fake_mailchimp.state.calls) == calls
    record = SyncRecord.objects.get()
    assert record.state == SyncRecord.State.SYNCED
    assert record.operation == SyncRecord.Operation.UNSUBSCRIBE
    assert ConsentEvent.objects.filter(source="mailchimp").count() == 1


def test_transient_failures_are_retried_later_with_backoff(fake_mailchimp):
    fake_mailchimp.fail_next(100, status=503)
    subscribe("oz@example.org")
    record = SyncRecord.objects.get()
    assert record.state == SyncRecord.State.PENDING
    assert record.attempts == 1
    first_delay = record.next_attempt_at - record.changed_at
    fake_mailchimp.clear_faults()
    fake_mailchimp.fail_next(100, status=503)
    sync("--now")
    record.refresh_from_db()
    assert record.attempts == 2
    assert record.next_attempt_at - record.changed_at > first_delay
    fake_mailchimp.clear_faults()
    sync("--now")
    assert fake_mailchimp.member("oz@example.org")["status"] == "subscribed"


def test_nothing_is_pushed_when_mailchimp_is_not_configured(settings, fake_mailchimp):
    settings.MAILCHIMP_API_KEY = ""
    subscribe("pat@example.org")
    assert fake_mailchimp.state.calls == []
    assert SyncRecord.objects.get().state == SyncRecord.State.PENDING
    assert "not configured" in sync()
    with pytest.raises(CommandError, match="not configured"):
        sync("--check")


def test_sync_all_queues_people_created_without_signals(fake_mailchimp):
    person = Person.objects.create(
        full_name="Quinn Q", email="quinn@example.org", newsletter_consent="given"
    )
    Person.objects.filter(pk=person.pk).update(confirmed_at=person.created_at)
    out = io.StringIO()
    call_command("newsletter_sync", "--all", stdout=out)
    assert "Queued 1 registered users" in out.getvalue()
    assert fake_mailchimp.member("quinn@example.org")["status"] == "subscribed"
