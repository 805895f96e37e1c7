"""Free text typed into the public forms: bounded, plain, and never a 500."""

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from people.models import ConsentEvent, Person
from people.validators import hidden_characters
from rights.models import DataSubjectRequest, RequestKind

pytestmark = pytest.mark.django_db

REQUEST = {
    "kind": "objection",
    "full_name": "Ada Lovelace",
    "email": "ada@example.org",
    "message": "I object to the statistics.\r\n\r\nRegards,\r\nAda",
}
QUEUE = "/admin/privacy/requests/"


def test_the_request_form_refuses_a_name_on_two_lines(client, db):
    response = client.post(
        "/privacy/request/", {**REQUEST, "full_name": "Ada\r\nSubject: Win!"}
    )
    assert response.status_code == 200
    assert "Please write this on one line" in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


def test_the_request_message_keeps_its_paragraphs_but_no_escape_codes(client, db):
    response = client.post(
        "/privacy/request/", {**REQUEST, "message": "Hi\x1b[2J\r\nthere"}
    )
    assert response.status_code == 200
    assert "Please remove the invisible control" in response.content.decode()
    assert client.post("/privacy/request/", REQUEST).status_code == 302
    assert DataSubjectRequest.objects.get().message == REQUEST["message"]


def test_an_overlong_message_is_refused_by_the_form_and_the_database(client, db):
    response = client.post("/privacy/request/", {**REQUEST, "message": "x" * 5001})
    assert response.status_code == 200
    assert not DataSubjectRequest.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        DataSubjectRequest.objects.create(**{**REQUEST, "message": "x" * 5001})


def test_the_dpo_notes_are_bounded_and_plain(client, dpo):
    subject_request = DataSubjectRequest.objects.create(**REQUEST)
    client.force_login(dpo)
    data = {
        **REQUEST,
        "received_at": subject_request.received_at.strftime("%Y-%m-%d %H:%M"),
        "status": "in_progress",
        "extension_months": "0",
        "extension_reason": "",
    }
    url = f"{QUEUE}edit/{subject_request.pk}/"
    for answer in ("x" * 10_001, "Done.\u202e"):
        response = client.post(url, {**data, "answer": answer})
        assert response.status_code == 200, answer
    assert client.post(url, {**data, "answer": "Done.\r\nSee file."}).status_code == 302
    subject_request.refresh_from_db()
    assert subject_request.answer == "Done.\r\nSee file."


# Any text a browser can send (no lone surrogates: they cannot be encoded),
# text made of the characters that break pages and emails, and long text.
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
NASTY = st.text(
    st.sampled_from(
        list("\x00\x07\t\n\r\x1b\x7f\x85\u061c\u200e\u202e\u2028\u2029\u2066\ufeff")
        + list("aé <>&\"'@.")
    ),
    max_size=60,
)
LONG = st.builds(
    lambda chunk, times: chunk * times,
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=4),
    st.integers(min_value=100, max_value=3000),
)
FREE_TEXT = st.one_of(ANY_TEXT, NASTY, LONG)
ADDRESS = st.one_of(st.emails(), FREE_TEXT, st.just("ada@example.org"))


def reset():
    for alias in ("default", "pages"):
        caches[alias].clear()
    mail.outbox = []
    DataSubjectRequest.objects.all().delete()
    Person.objects.all().delete()
    ConsentEvent.objects.all().delete()


def assert_plain(value, *, multi_line):
    assert not hidden_characters(value, multi_line=multi_line), repr(value)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=FREE_TEXT,
    email=ADDRESS,
    laboratory=FREE_TEXT,
    address=FREE_TEXT,
    message=FREE_TEXT,
    kind=st.sampled_from([*RequestKind.values, "", "nonsense"]),
    country=st.sampled_from(["", "FR", "ZZ"]),
    newsletter=st.booleans(),
)
def test_arbitrary_text_never_fails_and_never_stores_what_breaks_a_page(
    dpo, name, email, laboratory, address, message, kind, country, newsletter
):
    reset()
    visitor = Client()
    answers = [
        visitor.post(
            "/register/",
            {
                "full_name": name,
                "email": email,
                "laboratory": laboratory,
                "address": address,
                "country": country,
                **({"newsletter": "on"} if newsletter else {}),
            },
        ),
        visitor.post("/my-data/", {"email": email}),
        visitor.post(
            "/privacy/request/",
            {"kind": kind, "full_name": name, "email": email, "message": message},
        ),
    ]
    assert [answer.status_code in (200, 302) for answer in answers] == [True] * 3

    for person in Person.objects.all():
        person.full_clean(validate_constraints=False)
        for field in ("full_name", "laboratory"):
            assert_plain(getattr(person, field), multi_line=False)
        assert_plain(person.address, multi_line=True)
    for subject_request in DataSubjectRequest.objects.all():
        subject_request.full_clean()
        assert_plain(subject_request.full_name, multi_line=False)
        assert_plain(subject_request.message, multi_line=True)
    for message_sent in mail.outbox:
        message_sent.message()  # refuses a header with a line break
        assert_plain(message_sent.body, multi_line=True)

    # The pages that show what was stored still work.
    admin = Client()
    admin.force_login(dpo)
    people = "/admin/snippets/people/person/"
    assert admin.get(people).status_code == 200
    for person in Person.objects.all():
        assert admin.get(f"{people}inspect/{person.pk}/").status_code == 200
        assert admin.get(f"{people}edit/{person.pk}/").status_code == 200
    assert admin.get(QUEUE).status_code == 200
    for subject_request in DataSubjectRequest.objects.all():
        assert admin.get(f"{QUEUE}edit/{subject_request.pk}/").status_code == 200
