"""Registered-user records and the consent ledger, through the service layer."""

import pytest
from django.db import IntegrityError, transaction

from people import services, signals
from people.models import (
    ConsentEvent,
    NewsletterConsent,
    Person,
    email_hash,
)

pytestmark = pytest.mark.django_db


def sign_up(email="ada@example.org", newsletter=True, **extra):
    return services.register(
        full_name="Ada Lovelace",
        email=email,
        laboratory="LABGeM",
        address="2 rue Gaston Crémieux, Évry",
        country="FR",
        newsletter=newsletter,
        **extra,
    )


@pytest.fixture
def announcements():
    seen = []

    def listener(sender, **kwargs):
        seen.append(kwargs)

    signals.person_changed.connect(listener)
    signals.person_erased.connect(listener)
    yield seen
    signals.person_changed.disconnect(listener)
    signals.person_erased.disconnect(listener)


def test_sign_up_with_newsletter_waits_for_confirmation(announcements):
    person = sign_up()
    assert person.newsletter_consent == NewsletterConsent.PENDING
    assert not person.newsletter_subscribed
    assert announcements == []
    services.confirm(person)
    person.refresh_from_db()
    assert person.newsletter_consent == NewsletterConsent.GIVEN
    assert person.newsletter_subscribed
    assert announcements[-1]["changes"] == {"confirmed", "newsletter_consent"}


def test_duplicate_email_is_refused_whatever_its_case():
    sign_up()
    with pytest.raises(services.DuplicateEmail):
        sign_up(email="ADA@Example.org")
    assert Person.objects.count() == 1


def test_a_duplicate_refused_by_the_database_leaves_the_transaction_usable():
    """The constraint alone decides, so a sign-up that commits between any
    check and the insert gets the same answer; on PostgreSQL a failed insert
    outside a savepoint would break every later query of the transaction."""
    sign_up()
    with transaction.atomic():
        with pytest.raises(services.DuplicateEmail):
            sign_up(email="ADA@example.org")
        assert Person.objects.count() == 1


def test_an_address_change_to_a_taken_address_is_refused_and_undone():
    sign_up()
    other = sign_up(email="alan@example.org")
    with transaction.atomic():
        with pytest.raises(services.DuplicateEmail):
            services.update_profile(other, email="Ada@Example.org", source="admin")
        assert other.email == "alan@example.org"
        assert Person.objects.filter(email="alan@example.org").exists()


def test_database_refuses_a_case_variant_too():
    sign_up()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(full_name="Other", email="Ada@example.org")


def test_every_consent_change_writes_a_ledger_row():
    person = sign_up(confirmed=True)
    services.set_newsletter_consent(person, False, source="self-service")
    services.set_restricted(person, True, source="self-service")
    services.set_restricted(person, False, source="self-service")
    actions = list(
        ConsentEvent.objects.filter(person_public_id=person.public_id)
        .order_by("pk")
        .values_list("purpose", "action", "source")
    )
    assert actions == [
        ("registration", "requested", "signup"),
        ("newsletter", "requested", "signup"),
        ("registration", "confirmed", "signup"),
        ("newsletter", "given", "signup"),
        ("newsletter", "withdrawn", "self-service"),
        ("processing", "restricted", "self-service"),
        ("processing", "unrestricted", "self-service"),
    ]


def test_unchanged_consent_writes_nothing(announcements):
    person = sign_up(confirmed=True)
    before = ConsentEvent.objects.count()
    assert services.set_newsletter_consent(person, True, source="admin") is False
    assert ConsentEvent.objects.count() == before


def test_restriction_stops_the_newsletter_until_lifted():
    person = sign_up(confirmed=True)
    services.set_restricted(person, True, source="admin")
    assert not Person.objects.newsletter_recipients().filter(pk=person.pk)
    services.set_restricted(person, False, source="admin")
    assert Person.objects.newsletter_recipients().filter(pk=person.pk)


def test_ledger_rows_cannot_be_changed_or_deleted():
    person = sign_up()
    row = ConsentEvent.objects.filter(person_public_id=person.public_id).first()
    row.source = "forged"
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()


def test_email_change_announces_the_previous_address(announcements):
    person = sign_up(confirmed=True)
    changed = services.update_profile(
        person, email="ada.lovelace@example.org", source="self-service"
    )
    assert changed == {"email"}
    assert announcements[-1]["previous_email"] == "ada@example.org"


def test_erasure_leaves_only_the_pseudonymous_tombstone(announcements):
    person = sign_up(confirmed=True)
    public_id = person.public_id
    services.erase(person, source="self-service")
    assert not Person.objects.exists()
    tombstone = ConsentEvent.objects.filter(person_public_id=public_id)
    assert tombstone.filter(action="erased").exists()
    assert set(tombstone.values_list("email_hash", flat=True)) == {
        email_hash("ada@example.org")
    }
    assert announcements[-1]["source"] == "self-service"


def test_email_hash_ignores_case_and_spaces():
    assert email_hash(" Ada@Example.org ") == email_hash("ada@example.org")
    assert "ada" not in email_hash("ada@example.org")
