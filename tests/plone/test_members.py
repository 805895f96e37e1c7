"""Plone members become registered users through the people app's services."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from people.models import ConsentEvent, NewsletterConsent, Person
from people.services import register

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


def run(path, *args):
    out = io.StringIO()
    call_command("import_plone", str(path), *args, stdout=out)
    return out.getvalue()


def ledger(person):
    return sorted(
        ConsentEvent.objects.filter(person_public_id=person.public_id).values_list(
            "purpose", "action", "source"
        )
    )


def test_members_with_an_email_become_confirmed_registered_users(initial_data):
    output = run(FIXTURES / "exportimport")
    assert sorted(Person.objects.values_list("email", flat=True)) == [
        "alice@example.org",
        "dave@example.org",
    ]
    alice = Person.objects.get(email="alice@example.org")
    assert alice.full_name == "Alice Martin"
    assert alice.laboratory == "LABGeM"
    assert alice.address == "2 rue Gaston Crémieux, Evry"
    assert alice.country == "FR"
    assert alice.is_confirmed and alice.source == "plone import"
    assert alice.newsletter_consent == NewsletterConsent.NONE
    assert ledger(alice) == [
        ("registration", "confirmed", "plone import"),
        ("registration", "requested", "plone import"),
    ]
    assert "member 2: no email address" in output
    assert "member 3: the same email address as an earlier member" in output
    assert "member 4: its email address is not valid" in output
    # The report names no one.
    assert "Alice" not in output and "example.org" not in output


def test_a_member_who_opted_in_gets_the_newsletter_and_location_as_address(
    initial_data,
):
    run(FIXTURES / "exportimport")
    dave = Person.objects.get(email="dave@example.org")
    assert dave.address == "Lyon"
    assert dave.newsletter_consent == NewsletterConsent.GIVEN
    assert ("newsletter", "given", "plone import") in ledger(dave)


def test_collective_members_are_read_from_their_properties(initial_data):
    output = run(FIXTURES / "collective")
    erin = Person.objects.get(email="erin@example.org")
    assert erin.full_name == "Erin Durand" and erin.address == "Marseille"
    assert Person.objects.count() == 1
    assert "member 2: no email address" in output


def test_an_address_already_registered_is_reported_not_merged(initial_data):
    register(full_name="Alice Earlier", email="Alice@Example.org", confirmed=True)
    output = run(FIXTURES / "exportimport")
    alice = Person.objects.by_email("alice@example.org").get()
    assert alice.full_name == "Alice Earlier"
    assert "member 1: already a registered user" in output


def test_a_second_run_registers_no_one_again(initial_data):
    run(FIXTURES / "exportimport")
    events = ConsentEvent.objects.count()
    output = run(FIXTURES / "exportimport")
    assert Person.objects.count() == 2
    assert ConsentEvent.objects.count() == events
    assert "member [-]: 2" in output


def test_a_dry_run_registers_no_one(initial_data):
    output = run(FIXTURES / "exportimport", "--dry-run")
    assert Person.objects.count() == 0
    assert ConsentEvent.objects.count() == 0
    assert "member [-]: 2" in output
