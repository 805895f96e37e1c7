"""Every kind of activity starts the inactivity clock again and withdraws a
warning; the "keep my registration" link asks on GET and acts on POST."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from people import activity, services
from people.models import ConsentEvent, NewsletterConsent, Person
from people.views import confirmation_token

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=3 * 365)
WARNED = timezone.now() - datetime.timedelta(days=3)


def idle(email="ada@example.org", *, confirmed=True, **fields):
    """A person last seen long ago and warned a few days ago."""
    person = services.register(
        full_name="Ada Lovelace", email=email, confirmed=confirmed, **fields
    )
    Person.objects.filter(pk=person.pk).update(
        last_active_at=LONG_AGO, inactivity_warned_at=WARNED
    )
    person.refresh_from_db()
    return person


def assert_clock_restarted(person, before):
    person.refresh_from_db()
    assert person.last_active_at > before
    assert person.inactivity_warned_at is None


def test_following_the_confirmation_link_counts(client, initial_data):
    person = idle(confirmed=False)
    before = timezone.now()
    response = client.post(f"/register/confirm/{confirmation_token(person)}/")
    assert response.status_code == 200
    assert_clock_restarted(person, before)


def test_opening_manage_my_data_counts_and_remembers_the_language(client, initial_data):
    person = idle()
    before = timezone.now()
    client.post("/fr/my-data/", {"email": person.email})
    link = re.search(r"http://testserver(\S+)", mail.outbox[-1].body).group(1)
    assert client.post(link).status_code == 302
    assert_clock_restarted(person, before)
    assert person.language == "fr"


def test_asking_for_a_my_data_link_without_following_it_does_not_count(
    client, initial_data
):
    person = idle()
    client.post("/my-data/", {"email": person.email})
    person.refresh_from_db()
    assert person.last_active_at == LONG_AGO
    assert person.inactivity_warned_at == WARNED


def test_giving_newsletter_consent_counts(initial_data):
    person = idle()
    before = timezone.now()
    assert services.set_newsletter_consent(person, True, source="self-service")
    assert_clock_restarted(person, before)
    # The in-memory record agrees with the database.
    assert person.inactivity_warned_at is None


def test_a_withdrawal_reported_by_the_mail_service_does_not_count(initial_data):
    person = idle(newsletter=True)
    assert person.newsletter_consent == NewsletterConsent.GIVEN
    Person.objects.filter(pk=person.pk).update(
        last_active_at=LONG_AGO, inactivity_warned_at=WARNED
    )
    person.refresh_from_db()
    services.set_newsletter_consent(
        person, False, source="mailchimp", action=ConsentEvent.Action.CLEANED
    )
    person.refresh_from_db()
    assert person.last_active_at == LONG_AGO
    assert person.inactivity_warned_at == WARNED


def test_the_dpo_marks_a_person_as_active_on_post_only(client, dpo, initial_data):
    person = idle()
    url = f"/admin/snippets/people/person/mark-active/{person.pk}/"
    client.force_login(dpo)
    inspect = client.get(f"/admin/snippets/people/person/inspect/{person.pk}/")
    assert url in inspect.content.decode()
    page = client.get(url)
    assert page.status_code == 200 and "Yes, mark as active" in page.content.decode()
    person.refresh_from_db()
    assert person.inactivity_warned_at == WARNED
    before = timezone.now()
    response = client.post(url)
    assert response.status_code == 302
    assert_clock_restarted(person, before)


def test_only_the_dpo_may_mark_a_person_as_active(client, editor, initial_data):
    person = idle()
    client.force_login(editor)
    response = client.post(f"/admin/snippets/people/person/mark-active/{person.pk}/")
    assert response.status_code in (302, 403)
    person.refresh_from_db()
    assert person.inactivity_warned_at == WARNED


def stay_url(person, prefix=""):
    return f"{prefix}/my-data/keep/{activity.stay_token(person)}/"


def test_the_stay_link_asks_on_get_and_keeps_the_record_on_post(client, initial_data):
    person = idle()
    page = client.get(stay_url(person))
    assert page.status_code == 200
    assert '<form method="post"' in page.content.decode()
    person.refresh_from_db()
    assert person.inactivity_warned_at == WARNED, (
        "a GET (a mail scanner) changes nothing"
    )
    before = timezone.now()
    done = client.post(stay_url(person, "/fr"))
    assert done.status_code == 200
    assert_clock_restarted(person, before)
    assert person.language == "fr"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_stay_link_answers_a_clear_400(client, initial_data, method):
    person = idle()
    token = activity.stay_token(person)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = getattr(client, method)(f"/my-data/keep/{forged}/")
    assert response.status_code == 400
    assert "This link no longer works" in response.content.decode()
    person.refresh_from_db()
    assert person.inactivity_warned_at == WARNED


def test_an_expired_stay_link_answers_a_clear_400(client, initial_data):
    person = idle()
    url = stay_url(person)
    later = timezone.now() + activity.WARNING_NOTICE + datetime.timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        response = client.post(url)
    assert response.status_code == 400
    assert "has expired" in response.content.decode()
    person.refresh_from_db()
    assert person.inactivity_warned_at == WARNED


def test_the_stay_link_of_an_erased_person_answers_400(client, initial_data):
    person = idle()
    url = stay_url(person)
    services.erase(person, source="test")
    assert client.get(url).status_code == 400


def test_an_unknown_kind_of_activity_is_refused(initial_data):
    person = idle()
    with pytest.raises(ValueError, match="Unknown kind"):
        activity.record_activity(person, "newsletter-open")
