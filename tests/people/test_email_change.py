"""Pending changes of address: kept briefly, exported, erased and purged."""

import datetime

import pytest
from django.utils import timezone

from people import email_change, services
from people.export import person_data
from people.models import EmailChange
from people.personal_data import purge_email_changes

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return services.register(full_name="Ada", email="ada@example.org", confirmed=True)


def test_the_person_sees_a_pending_change_in_their_export(person):
    email_change.create(person, "ada@lab.example.net", source="self-service")
    (row,) = person_data(person)["email_changes"]
    assert row["new_email"] == "ada@lab.example.net"
    assert row["asked_through"] == "self-service"
    assert email_change.pending(person).new_email == "ada@lab.example.net"


def test_erasure_takes_pending_changes_with_the_record(person):
    email_change.create(person, "ada@lab.example.net", source="self-service")
    services.erase(person, source="admin")
    assert not EmailChange.objects.exists()


def test_used_or_expired_changes_are_purged_after_a_day(person):
    email_change.create(person, "old@example.net", source="admin")
    email_change.create(person, "new@example.net", source="admin")
    now = timezone.now()
    assert purge_email_changes(now=now, dry_run=False) == {
        "expired or used changes of email address": 0
    }
    later = now + datetime.timedelta(days=1, hours=1)
    assert purge_email_changes(now=later, dry_run=True) == {
        "expired or used changes of email address": 1
    }
    assert EmailChange.objects.count() == 2
    purge_email_changes(now=later + datetime.timedelta(days=1), dry_run=False)
    assert not EmailChange.objects.exists()


def test_a_bad_or_foreign_token_finds_nothing(person):
    token = email_change.create(person, "new@example.net", source="admin")
    assert email_change.find(token).person == person
    assert email_change.find(token + "x") is None
    assert email_change.find("not-a-token") is None
