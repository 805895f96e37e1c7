"""newsletter_reconcile finds drift on either side and repairs it."""

import io

import pytest
from django.core.management import call_command

from newsletter.gateway import subscriber_hash
from newsletter.models import ReconciliationReport, SyncRecord
from people import services
from people.models import ConsentEvent, Person

pytestmark = pytest.mark.django_db(transaction=True)


def subscribe(email):
    person = services.register(
        full_name=f"{email.split('@')[0].title()} Tester",
        email=email,
        newsletter=True,
        laboratory="LABGeM",
    )
    return services.confirm(person)


def reconcile(*args):
    out = io.StringIO()
    call_command("newsletter_reconcile", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def drift(fake_mailchimp):
    """Six subscribers, then drift made behind the site's and Mailchimp's backs."""
    people = {name: subscribe(f"{name}@example.org") for name in "abcdef"}
    state = fake_mailchimp.state
    audience = state.audience()
    # Mailchimp's side.
    state.member("a@example.org")["status"] = "unsubscribed"
    state.member("b@example.org")["status"] = "cleaned"
    state.member("c@example.org")["merge_fields"]["LAB"] = "Somewhere else"
    del audience.members[state.member("d@example.org")["id"]]
    state.set_member("stranger@example.org", "subscribed")
    # The site's side: a consent withdrawn without telling Mailchimp.
    Person.objects.filter(pk=people["e"].pk).update(newsletter_consent="withdrawn")
    return people


def test_dry_run_reports_the_drift_and_changes_nothing(fake_mailchimp, drift):
    before = {h: dict(m) for h, m in fake_mailchimp.state.audience().members.items()}
    output = reconcile("--dry-run")
    assert "dry run" in output
    report = ReconciliationReport.objects.get()
    assert report.dry_run
    assert report.counts["unsubscribed_in_mailchimp"] == 1
    assert report.counts["cleaned_in_mailchimp"] == 1
    assert report.counts["profile_drift"] == 1
    assert report.counts["missing_in_mailchimp"] == 1
    assert report.counts["unknown_subscribed"] == 1
    assert report.counts["subscribed_in_mailchimp_only"] == 1
    assert report.counts["in_sync"] == 1
    assert fake_mailchimp.state.audience().members == before
    assert Person.objects.get(pk=drift["a"].pk).newsletter_consent == "given"


def test_reconcile_repairs_drift_on_both_sides(fake_mailchimp, drift):
    output = reconcile()
    state = fake_mailchimp.state

    # Mailchimp decides unsubscribes and cleaned addresses.
    a = Person.objects.get(pk=drift["a"].pk)
    b = Person.objects.get(pk=drift["b"].pk)
    assert a.newsletter_consent == b.newsletter_consent == "withdrawn"
    ledger = ConsentEvent.objects.filter(source="mailchimp")
    assert set(ledger.values_list("person_public_id", "action")) == {
        (a.public_id, ConsentEvent.Action.WITHDRAWN),
        (b.public_id, ConsentEvent.Action.CLEANED),
    }
    assert state.member("a@example.org")["status"] == "unsubscribed"
    # The site decides opt-ins and profiles.
    assert state.member("c@example.org")["merge_fields"]["LAB"] == "LABGeM"
    assert state.member("d@example.org")["status"] == "subscribed"
    assert state.member("e@example.org")["status"] == "unsubscribed"
    assert state.member("stranger@example.org")["status"] == "unsubscribed"
    assert "Members in the Mailchimp audience: 6" in output

    # A second run finds nothing left to do.
    reconcile()
    report = ReconciliationReport.objects.first()
    assert report.counts["in_sync"] == 6
    assert report.counts.get("profile_drift", 0) == 0
    assert report.counts.get("missing_in_mailchimp", 0) == 0
    assert not SyncRecord.objects.exclude(state=SyncRecord.State.SYNCED).exists()


def test_reconcile_repairs_in_batches_not_one_call_per_member(fake_mailchimp):
    fake_mailchimp.down()
    for index in range(120):
        subscribe(f"bulk{index}@example.org")
    SyncRecord.objects.all().delete()  # as if the outbox had been lost
    fake_mailchimp.up()
    calls_before = len(fake_mailchimp.state.calls)
    reconcile()
    audience = fake_mailchimp.state.audience()
    assert audience.member_count() == 120
    calls = len(fake_mailchimp.state.calls) - calls_before
    assert calls < 10, calls
    assert fake_mailchimp.state.call_count("POST", "/batches") == 1


def test_a_member_erased_here_is_deleted_permanently_not_unsubscribed(
    fake_mailchimp,
):
    gone = subscribe("gone@example.org")
    subscribe("kept@example.org")
    # Whatever lost the erasure's own delete (a row given up by an older
    # release, a restored backup), Mailchimp still holds the member.
    fake_mailchimp.down()
    services.erase(gone, source="dpo")
    SyncRecord.objects.filter(person__isnull=True).delete()
    fake_mailchimp.up()
    state = fake_mailchimp.state
    assert state.member("gone@example.org")["status"] == "subscribed"
    # Mailchimp's copy of the address may differ in case from the one erased.
    state.member("gone@example.org")["email_address"] = "Gone@Example.org"
    state.set_member("stranger@example.org", "subscribed")

    reconcile("--dry-run")
    assert ReconciliationReport.objects.get().counts["erased_in_mailchimp"] == 1
    assert state.member("gone@example.org") is not None

    output = reconcile()

    assert "Erased here, still in Mailchimp: deleted permanently" in output
    assert state.member("gone@example.org") is None
    assert subscriber_hash("gone@example.org") in state.audience().forgotten
    assert state.call_count("PATCH", subscriber_hash("gone@example.org")) == 0
    # Unknown but never erased here: unsubscribed, as before.
    assert state.member("stranger@example.org")["status"] == "unsubscribed"
    assert state.member("kept@example.org")["status"] == "subscribed"
    record = SyncRecord.objects.get(person_public_id=gone.public_id)
    assert (record.state, record.subscriber_hash, record.email) == ("synced", "", "")


def test_an_erased_address_that_came_back_and_opted_in_is_kept(fake_mailchimp):
    services.erase(subscribe("back@example.org"), source="dpo")
    # Mailchimp forgets the address; the person registers again and opts in
    # through Mailchimp's own form, which Mailchimp allows.
    fake_mailchimp.state.audience().forgotten.clear()
    person = subscribe("back@example.org")
    assert fake_mailchimp.member("back@example.org")["status"] == "subscribed"
    reconcile()
    assert fake_mailchimp.member("back@example.org")["status"] == "subscribed"
    assert Person.objects.get(pk=person.pk).newsletter_consent == "given"


def test_a_delete_that_fails_during_reconciliation_waits_in_the_outbox(
    fake_mailchimp,
):
    gone = subscribe("gone@example.org")
    fake_mailchimp.down()
    services.erase(gone, source="dpo")
    SyncRecord.objects.filter(person__isnull=True).delete()
    fake_mailchimp.up()
    fake_mailchimp.fail_next(100, status=503, method="POST", path="delete-permanent")
    reconcile()
    record = SyncRecord.objects.get(person_public_id=gone.public_id)
    assert record.state == SyncRecord.State.PENDING
    assert record.operation == SyncRecord.Operation.DELETE
    assert record.subscriber_hash == subscriber_hash("gone@example.org")
    fake_mailchimp.clear_faults()
    call_command("newsletter_sync", "--now", stdout=io.StringIO())
    assert fake_mailchimp.member("gone@example.org") is None
