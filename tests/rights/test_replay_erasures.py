"""After a restore from an old backup, erased people are erased again."""

import io

import pytest
from django.core.management import call_command

from people import services
from people.models import Person

pytestmark = pytest.mark.django_db


def person(email, **extra):
    return services.register(
        full_name="Grace Hopper", email=email, confirmed=True, **extra
    )


def restore(snapshot):
    """What restoring a backup does to the record: it comes back as it was."""
    Person.objects.bulk_create([snapshot])


def test_replay_erases_a_person_a_restore_brought_back():
    grace = person("grace@example.org")
    kept = person("kept@example.org")
    snapshot = Person.objects.get(pk=grace.pk)
    services.erase(grace, source="self-service")
    restore(snapshot)
    assert Person.objects.filter(email="grace@example.org").exists()

    out = io.StringIO()
    call_command("replay_erasures", stdout=out)

    assert not Person.objects.filter(email="grace@example.org").exists()
    assert Person.objects.filter(pk=kept.pk).exists()
    assert "1 restored records erased again" in out.getvalue()


def test_dry_run_reports_and_keeps_the_rows():
    grace = person("grace@example.org")
    snapshot = Person.objects.get(pk=grace.pk)
    services.erase(grace, source="self-service")
    restore(snapshot)
    out = io.StringIO()
    call_command("replay_erasures", dry_run=True, stdout=out)
    assert "1 restored records would be erased" in out.getvalue()
    assert Person.objects.filter(email="grace@example.org").exists()


def test_someone_who_registered_again_after_the_erasure_stays():
    grace = person("grace@example.org")
    services.erase(grace, source="self-service")
    again = person("Grace@example.org")
    call_command("replay_erasures", stdout=io.StringIO())
    assert Person.objects.filter(pk=again.pk).exists()
