"""A new email address from "Manage my data" counts once confirmed from it."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client

from people import services
from people.models import ConsentEvent, EmailChange, NewsletterConsent, Person
from people.models import email_hash as hashed

pytestmark = pytest.mark.django_db

EMAIL = "ada@example.org"
NEW = "ada@lab.example.net"
NAME = "Ada Lovelace"
PROFILE = {
    "full_name": NAME,
    "email": EMAIL,
    "laboratory": "LABGeM",
    "address": "",
    "country": "FR",
}


@pytest.fixture
def person(db):
    return services.register(
        full_name=NAME,
        email=EMAIL,
        laboratory="LABGeM",
        country="FR",
        newsletter=True,
        confirmed=True,
    )


def links_in(message):
    return re.findall(r"http://testserver(\S+)", message.body)


def open_my_data(client, email=EMAIL):
    client.post("/my-data/", {"email": email})
    (link,) = links_in(mail.outbox[-1])
    assert client.post(link).status_code == 302
    mail.outbox.clear()


def ask_for(client, email, **changes):
    return client.post("/my-data/me/correct/", {**PROFILE, "email": email, **changes})


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_the_record_keeps_its_address_until_the_new_one_confirms(client, person):
    open_my_data(client)
    response = ask_for(client, NEW, laboratory="Genoscope")
    assert response.status_code == 302
    person.refresh_from_db()
    # Other corrections apply at once; the address and its consent stay put.
    assert person.laboratory == "Genoscope"
    assert person.email == EMAIL
    assert person.newsletter_consent == NewsletterConsent.GIVEN
    page = client.get("/my-data/me/").content.decode()
    assert f"Your change of address to {NEW} is waiting for confirmation" in page

    (to_new,) = sent_to(NEW)
    (to_old,) = sent_to(EMAIL)
    (link,) = links_in(to_new)
    assert link.startswith("/my-data/email/") and NAME not in to_new.body
    assert "change of the email address" in to_old.body
    assert "/my-data/email/" not in to_old.body

    # The link proves the new address, from any browser, and logs no one in.
    stranger = Client()
    assert stranger.get(link).status_code == 200
    assert Person.objects.get().email == EMAIL  # a mail scanner's GET changes nothing
    response = stranger.post(link)
    assert response.status_code == 200
    assert "Your email address is changed" in response.content.decode()
    person.refresh_from_db()
    assert person.email == NEW
    assert person.newsletter_consent == NewsletterConsent.GIVEN
    assert ConsentEvent.objects.filter(
        person_public_id=person.public_id,
        action="address_confirmed",
        email_hash=hashed(NEW),
    ).exists()
    assert stranger.get("/my-data/me/").status_code == 302
    assert stranger.post(link).status_code == 410


def test_an_address_already_on_file_gets_no_link_and_the_asker_the_same_answer(
    client, person
):
    services.register(full_name="Alan Turing", email="alan@example.org")
    open_my_data(client)
    answers = {}
    for address in ("ALAN@example.org", NEW):
        response = ask_for(client, address)
        page = client.get(response["Location"]).content.decode()
        answers[address] = (
            response.status_code,
            response["Location"],
            f"We have sent a link to {address}. It becomes your address" in page,
            f"Your change of address to {address} is waiting" in page,
        )
    assert answers[NEW] == answers["ALAN@example.org"]
    assert answers[NEW] == (302, "/my-data/me/", True, True)
    (to_taken,) = sent_to("ALAN@example.org")
    assert "already has its own registration" in to_taken.body
    assert links_in(to_taken) == []
    assert Person.objects.get(pk=person.pk).email == EMAIL


def test_a_newer_request_replaces_the_older_link(client, person):
    open_my_data(client)
    ask_for(client, NEW)
    (first,) = links_in(sent_to(NEW)[0])
    ask_for(client, "ada@other.example.net")
    assert Client().post(first).status_code == 410
    (second,) = links_in(sent_to("ada@other.example.net")[0])
    assert Client().post(second).status_code == 200
    assert Person.objects.get().email == "ada@other.example.net"


def test_an_expired_link_changes_nothing(client, person):
    open_my_data(client)
    ask_for(client, NEW)
    (link,) = links_in(sent_to(NEW)[0])
    EmailChange.objects.update(
        expires_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    )
    assert Client().post(link).status_code == 410
    assert Person.objects.get().email == EMAIL


def test_an_address_registered_meanwhile_is_refused_when_confirmed(client, person):
    open_my_data(client)
    ask_for(client, NEW)
    (link,) = links_in(sent_to(NEW)[0])
    services.register(full_name="Someone", email=NEW.upper())
    response = Client().post(link)
    assert response.status_code == 409
    assert "already registered" in response.content.decode()
    assert Person.objects.get(pk=person.pk).email == EMAIL
    assert Client().post(link).status_code == 410


def test_changes_of_address_are_limited_per_record(client, person, settings):
    settings.EMAIL_CHANGE_RATE = (1, 3600)
    open_my_data(client)
    assert ask_for(client, NEW).status_code == 302
    response = ask_for(client, "ada@third.example.net")
    assert response.status_code == 400
    assert "several changes of address" in response.content.decode()
    assert sent_to("ada@third.example.net") == []


def test_a_change_of_case_alone_is_saved_at_once(client, person):
    open_my_data(client)
    assert ask_for(client, "Ada@Example.org").status_code == 302
    assert Person.objects.get().email == "Ada@Example.org"
    assert mail.outbox == []


def test_a_pending_sign_up_that_proves_a_new_address_counts_from_then(client, db):
    services.register(full_name=NAME, email=EMAIL, newsletter=True)
    open_my_data(client)
    ask_for(client, NEW)
    (link,) = links_in(sent_to(NEW)[0])
    Client().post(link)
    person = Person.objects.get()
    assert person.email == NEW and person.is_confirmed
    assert person.newsletter_consent == NewsletterConsent.GIVEN
