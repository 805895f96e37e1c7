"""The DPO's export_person and erase_person commands."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from people import services
from people.models import ConsentEvent, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return services.register(
        full_name="Ada Lovelace",
        email="ada@example.org",
        newsletter=True,
        confirmed=True,
    )


def test_export_person_prints_the_json_export(person):
    out = io.StringIO()
    call_command("export_person", "ADA@example.org", stdout=out)
    data = json.loads(out.getvalue())
    assert data["registered_user"]["full_name"] == "Ada Lovelace"
    assert {"registered_user", "consent_history", "visits"} <= set(data)


def test_export_person_refuses_an_unknown_address():
    with pytest.raises(CommandError, match="No registered user"):
        call_command("export_person", "nobody@example.org", stdout=io.StringIO())


def test_erase_person_needs_the_confirmation_flag(person):
    with pytest.raises(CommandError, match="--yes"):
        call_command("erase_person", "ada@example.org", stdout=io.StringIO())
    assert Person.objects.exists()
    out = io.StringIO()
    call_command("erase_person", "ada@example.org", "--yes", stdout=out)
    assert "erased" in out.getvalue() and "ada@" not in out.getvalue()
    assert not Person.objects.exists()
    assert ConsentEvent.objects.filter(
        person_public_id=person.public_id, action="erased", source="dpo-command"
    ).exists()
