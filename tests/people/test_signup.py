"""Sign-up at /register/: counted once the emailed link is followed."""

import re

import pytest
from django.core import mail
from django.test import Client

from people import services
from people.models import ConsentEvent, NewsletterConsent, Person

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Ada Lovelace",
    "email": "ada@example.org",
    "laboratory": "LABGeM",
    "address": "2 rue Gaston Crémieux, Évry",
    "country": "FR",
}


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def path_of(url):
    return url.split("testserver", 1)[1]


def test_the_form_offers_an_unticked_newsletter_opt_in(client, initial_data):
    html = client.get("/register/").content.decode()
    assert 'name="newsletter"' in html
    checkbox = re.search(r"<input[^>]*name=\"newsletter\"[^>]*>", html).group(0)
    assert "checked" not in checkbox
    for field in ("full_name", "email", "laboratory", "address", "country"):
        assert f'name="{field}"' in html


def test_sign_up_counts_only_once_the_emailed_link_is_followed(client, initial_data):
    response = client.post("/register/", {**FORM, "newsletter": "on"})
    assert response.status_code == 302
    person = Person.objects.get()
    assert not person.is_confirmed
    assert not Person.objects.confirmed().exists()
    assert person.newsletter_consent == NewsletterConsent.PENDING
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@example.org"]

    confirm = path_of(link_in(mail.outbox[0]))
    # Following the link shows a button; mail scanners that fetch it confirm nothing.
    assert client.get(confirm).status_code == 200
    assert not Person.objects.confirmed().exists()
    response = client.post(confirm)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.is_confirmed
    assert person.newsletter_consent == NewsletterConsent.GIVEN
    assert ConsentEvent.objects.filter(
        person_public_id=person.public_id, purpose="newsletter", action="given"
    ).exists()


def test_without_the_opt_in_no_newsletter_consent_is_recorded(client, initial_data):
    client.post("/register/", FORM)
    person = Person.objects.get()
    assert person.newsletter_consent == NewsletterConsent.NONE
    assert not ConsentEvent.objects.filter(purpose="newsletter").exists()


CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def answer(client, data):
    """What the visitor sees: the response and the page it leads to."""
    response = client.post("/register/", data)
    page = (
        client.get(response["Location"]).content if response.status_code == 302 else b""
    )
    return response.status_code, response.get("Location"), CSRF.sub(b"", page)


def test_a_known_address_gets_the_same_answer_as_a_new_one(client, db):
    known = services.register(
        full_name="Ada Lovelace", email="ada@example.org", confirmed=True
    )
    new = answer(client, {**FORM, "email": "alan@example.org"})
    again = answer(client, {**FORM, "email": "ADA@Example.org", "full_name": "Eve"})
    assert new == again
    assert new[:2] == (302, "/register/sent/")

    to_new, to_known = mail.outbox
    assert to_new.to == ["alan@example.org"] and "/register/confirm/" in to_new.body
    # The owner of the known address is told, with the way to their data.
    assert to_known.to == ["ada@example.org"]
    assert "already registered" in to_known.body
    assert "http://testserver/my-data/" in to_known.body
    assert "/register/confirm/" not in to_known.body
    assert "/my-data/open/" not in to_known.body
    assert "Eve" not in to_known.body
    known.refresh_from_db()
    assert known.full_name == "Ada Lovelace"
    assert Person.objects.count() == 2


def test_a_pending_sign_up_gets_its_confirmation_again_a_few_times(
    client, db, settings
):
    settings.SIGNUP_REPEAT_MAIL_RATE = (2, 3600)
    client.post("/register/", FORM)
    first = answer(client, {**FORM, "email": "ADA@example.org", "full_name": "Eve"})
    answer(client, FORM)
    last = answer(client, FORM)
    assert first == last
    assert len(mail.outbox) == 3  # the sign-up and two reminders, then silence
    assert {tuple(m.to) for m in mail.outbox} == {("ada@example.org",)}
    person = Person.objects.get()
    assert client.post(path_of(link_in(mail.outbox[1]))).status_code == 200
    person.refresh_from_db()
    assert person.is_confirmed and person.full_name == "Ada Lovelace"


def test_mail_about_a_known_address_is_limited_too(client, db, settings):
    settings.SIGNUP_REPEAT_MAIL_RATE = (1, 3600)
    services.register(full_name="Ada", email="ada@example.org", confirmed=True)
    for _attempt in range(3):
        response = client.post("/register/", FORM)
        assert response["Location"] == "/register/sent/"
    assert len(mail.outbox) == 1


def test_errors_are_translated_in_french(client, initial_data):
    response = client.post("/fr/register/", {**FORM, "email": "not-an-address"})
    assert response.status_code == 200
    assert "Veuillez saisir une adresse électronique valide." in (
        response.content.decode()
    )


def test_a_forged_confirmation_link_is_refused(client, initial_data):
    response = client.post("/register/confirm/not-a-real-token/")
    assert response.status_code == 410


def test_repeated_sign_ups_from_one_address_are_throttled(
    client, initial_data, settings
):
    settings.FORM_RATES = {**settings.FORM_RATES, "signup": (None, 2, 3600)}
    for number in range(2):
        client.post("/register/", {**FORM, "email": f"p{number}@example.org"})
    response = client.post("/register/", {**FORM, "email": "p9@example.org"})
    assert response.status_code == 429
    assert "Please wait an hour" in response.content.decode()
    assert not Person.objects.filter(email="p9@example.org").exists()


def test_the_confirmation_email_echoes_nothing_the_sender_typed(client, db):
    """The address is not yet proved: the site's own mail must carry no
    sentence of a stranger's choosing."""
    bait = "Your account is locked call 01 23 45 67 89"
    client.post(
        "/register/",
        {**FORM, "full_name": bait, "laboratory": bait, "address": bait},
    )
    (message,) = mail.outbox
    assert "locked" not in message.subject + message.body
    assert message.body.startswith("Hello,\n")


def confirmation_path(person):
    from people.views import confirmation_token

    return f"/register/confirm/{confirmation_token(person)}/"


def test_the_confirmation_link_opens_my_data_once_then_never_again(client, db):
    client.post("/register/", FORM)
    link = path_of(link_in(mail.outbox[0]))
    assert client.post(link).status_code == 200
    assert client.get("/my-data/me/").status_code == 200

    # The same link, from another browser or the same one, logs no one in.
    for browser in (Client(), client):
        browser.post("/my-data/sign-out/")
        response = browser.post(link)
        assert response.status_code == 200
        assert "already confirmed" in response.content.decode()
        assert browser.get("/my-data/me/").status_code == 302


def test_a_link_to_a_confirmed_record_logs_no_one_in(client, db):
    person = services.register(
        full_name="Ada Lovelace", email="ada@example.org", confirmed=True
    )
    link = confirmation_path(person)
    page = client.get(link).content.decode()
    assert "already confirmed" in page and "Confirm my registration" not in page
    assert client.post(link).status_code == 200
    assert client.get("/my-data/me/").status_code == 302
    assert ConsentEvent.objects.filter(action="confirmed").count() == 1


def test_only_one_of_two_confirmations_counts():
    person = services.register(full_name="Ada", email="ada@example.org")
    stale = Person.objects.get(pk=person.pk)
    assert services.confirm_signup(person) is True
    assert services.confirm_signup(stale) is False
    assert ConsentEvent.objects.filter(action="confirmed").count() == 1
