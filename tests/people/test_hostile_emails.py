"""Addresses Django's email check accepts but no mail can be sent to."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from people import services
from people.models import Person

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Ada Lovelace",
    "laboratory": "LABGeM",
    "address": "",
    "country": "FR",
}
# A right-to-left override in the domain, a vertical tab in a quoted local part.
UNMAILABLE = ["ada@example.org\u202e", '"\x0b"@example.org', "ada@exa\u200bmple.org"]


@pytest.mark.parametrize("email", UNMAILABLE)
def test_sign_up_refuses_an_address_no_mail_can_be_sent_to(client, initial_data, email):
    response = client.post("/register/", {**FORM, "email": email})
    assert response.status_code == 200
    assert "invisible control or text-direction characters" in response.content.decode()
    assert not Person.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["ada@a\ufffdb.org", "ada@" + "\u00e9" * 60 + ".org"])
def test_sign_up_refuses_a_domain_that_cannot_be_encoded(client, initial_data, email):
    """Valid to Django's check, but IDNA refuses the domain: no mail can go."""
    response = client.post("/register/", {**FORM, "email": email})
    assert response.status_code == 200
    assert "Emails cannot be sent to this address" in response.content.decode()
    assert not Person.objects.exists()
    assert mail.outbox == []


def test_services_refuse_an_unmailable_address_from_any_entry_point(initial_data):
    with pytest.raises(ValidationError):
        services.register(full_name="Ada", email=UNMAILABLE[0])
    assert not Person.objects.exists()


def test_an_unusual_but_valid_address_still_signs_up(client, initial_data):
    for email in ('"ada..lovelace"@example.org', "ada@b\u00fccher.example"):
        response = client.post("/register/", {**FORM, "email": email})
        assert response.status_code == 302, email
    assert Person.objects.count() == 2
    for message in mail.outbox:
        message.message()
