"""A record's free text: bounded lengths, and no hidden characters stored."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people import services
from people.models import Person
from people.validators import hidden_characters

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Ada Lovelace",
    "email": "ada@example.org",
    "laboratory": "LABGeM",
    "address": "2 rue Gaston Crémieux\r\n91000 Évry",
    "country": "FR",
}
ONE_LINE = "Please write this on one line"
HIDDEN = "Please remove the invisible control or text-direction characters"


@pytest.mark.parametrize(
    "text",
    [
        "Ada\r\nBcc: eve@example.org",
        "Ada\u202eecalevoL",
        "Ada\x1b[31m",
        "Ada\u2028Lovelace",
    ],
    ids=["crlf", "rtl-override", "escape", "line-separator"],
)
@pytest.mark.parametrize("field", ["full_name", "laboratory"])
def test_sign_up_refuses_hidden_characters_in_one_line_fields(
    client, initial_data, field, text
):
    response = client.post("/register/", {**FORM, field: text})
    assert response.status_code == 200
    assert ONE_LINE in response.content.decode()
    assert not Person.objects.exists()


def test_the_postal_address_keeps_its_line_breaks_but_nothing_else_hidden(
    client, initial_data
):
    response = client.post("/register/", {**FORM, "address": "1 rue\u202e\r\nÉvry"})
    assert response.status_code == 200
    assert HIDDEN in response.content.decode()
    assert client.post("/register/", FORM).status_code == 302
    assert Person.objects.get().address == FORM["address"]


def test_a_megabyte_address_is_refused(client, initial_data):
    response = client.post("/register/", {**FORM, "address": "x" * 2_400_000})
    assert response.status_code == 200
    assert "Ensure this value has at most 500 characters" in response.content.decode()
    assert not Person.objects.exists()


def test_the_services_refuse_what_the_forms_refuse():
    with pytest.raises(ValidationError) as caught:
        services.register(full_name="Eve\u202eevil", email="eve@example.org")
    assert set(caught.value.error_dict) == {"full_name"}
    person = services.register(full_name="Ada", email="ada@example.org")
    with pytest.raises(ValidationError):
        services.update_profile(person, source="admin", address="x" * 501)
    with pytest.raises(ValidationError):
        services.update_profile(person, source="admin", laboratory="A\nB")
    person.refresh_from_db()
    assert person.address == "" and person.laboratory == ""
    assert not Person.objects.exclude(pk=person.pk).exists()


def test_the_database_refuses_an_overlong_address():
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(full_name="Ada", email="a@example.org", address="x" * 501)


def test_the_admin_form_refuses_hidden_characters(client, dpo, initial_data):
    person = services.register(
        full_name="Grace Hopper", email="grace@example.org", confirmed=True
    )
    client.force_login(dpo)
    response = client.post(
        f"/admin/snippets/people/person/edit/{person.pk}/",
        {**FORM, "email": person.email, "full_name": "Grace\u202eHopper"},
    )
    assert response.status_code == 200
    assert ONE_LINE in response.content.decode()
    person.refresh_from_db()
    assert person.full_name == "Grace Hopper"


@pytest.mark.parametrize(
    ("text", "multi_line", "expected"),
    [
        ("Zoë Ðoe-Ōno 李", False, []),
        ("a\tb", False, ["\t"]),
        ("a\tb\r\nc", True, []),
        ("\u2066x\u2069", True, ["\u2066", "\u2069"]),
        ("\x85", True, ["\x85"]),
        ("\u2029", True, ["\u2029"]),
    ],
)
def test_hidden_characters_are_the_controls_and_direction_marks(
    text, multi_line, expected
):
    assert hidden_characters(text, multi_line=multi_line) == expected
