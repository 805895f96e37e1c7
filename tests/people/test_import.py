"""Importing the platform's existing users from CSV."""

import io

import pytest
from django.core.management import call_command

from people import services
from people.models import Person

pytestmark = pytest.mark.django_db

CSV = """full_name,email,laboratory,address,country
Ada Lovelace,ada@example.org,LABGeM,"2 rue Gaston Crémieux, Évry",FR
Alan Turing,alan@example.org,NPL,London,United Kingdom
Grace Hopper,GRACE@example.org,Navy,,US
Broken,not-an-email,,,FR
Twice,ada@example.org,,,FR
Nowhere,nowhere@example.org,,,Atlantis
Eve\u202eevil,eve@example.org,,,FR
"""


def run(tmp_path, *args):
    path = tmp_path / "platform-users.csv"
    path.write_text(CSV)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_registered_users", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_records_where_each_user_came_from(tmp_path):
    services.register(full_name="Grace H.", email="grace@example.org")
    out, err = run(tmp_path)
    assert "2 registered user(s) imported" in out
    ada = Person.objects.get(email="ada@example.org")
    assert ada.source == "import:platform-users.csv" and ada.is_confirmed
    assert Person.objects.get(email="alan@example.org").country.code == "GB"
    # The existing record is untouched, never merged.
    assert Person.objects.get(email__iexact="grace@example.org").full_name == (
        "Grace H."
    )
    assert "line 4: a registered user with this email address already exists" in err
    assert "line 5: invalid email address" in err
    assert "line 6: the same email address appears twice" in err
    assert "line 7: unknown country 'Atlantis'" in err
    assert "line 8: invalid full_name" in err
    assert not Person.objects.filter(email="eve@example.org").exists()
    assert "grace@example.org" not in err.lower()


def test_dry_run_saves_nothing(tmp_path):
    out, _ = run(tmp_path, "--dry-run")
    assert "would import" in out
    assert not Person.objects.exists()
