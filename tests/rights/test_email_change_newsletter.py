"""A typed address reaches Mailchimp only once proved: no double opt-in bypass."""

import re

import pytest
from django.core import mail
from django.test import Client

from people import services
from people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "ada@example.org"
VICTIM = "victim@example.net"
PROFILE = {"full_name": "Ada Lovelace", "laboratory": "LABGeM", "country": "FR"}


def subscribed():
    person = services.register(email=EMAIL, newsletter=True, **PROFILE)
    return services.confirm(person)


def link_sent_to(address):
    (message,) = [m for m in mail.outbox if m.to == [address]]
    (link,) = re.findall(r"http://testserver(/\S+/email/\S+)", message.body)
    return link


def self_service(client, person, user):
    client.post("/my-data/", {"email": EMAIL})
    (link,) = re.findall(r"http://testserver(\S+)", mail.outbox[-1].body)
    client.post(link)
    response = client.post("/my-data/me/correct/", {**PROFILE, "email": VICTIM})
    assert response["Location"] == "/my-data/me/"
    return response


def admin(client, person, user):
    client.force_login(user)
    response = client.post(
        f"/admin/snippets/people/person/edit/{person.pk}/",
        {**PROFILE, "email": VICTIM, "address": ""},
    )
    assert response["Location"] == "/admin/snippets/people/person/"
    return response


@pytest.mark.parametrize("asked_through", [self_service, admin])
def test_a_typed_address_is_subscribed_only_once_its_owner_confirms(
    client, fake_mailchimp, initial_data, superuser, asked_through
):
    person = subscribed()
    assert fake_mailchimp.member(EMAIL)["status"] == "subscribed"

    assert asked_through(client, person, superuser).status_code == 302
    assert Person.objects.get().email == EMAIL
    assert fake_mailchimp.member(VICTIM) is None
    assert fake_mailchimp.member(EMAIL)["status"] == "subscribed"

    Client().post(link_sent_to(VICTIM))
    assert Person.objects.get().email == VICTIM
    assert fake_mailchimp.member(VICTIM)["status"] == "subscribed"
    assert fake_mailchimp.member(EMAIL) is None
