"""Sign-ups racing with one address: one record, and the usual answer for all."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)

FORM = {"full_name": "Ada Lovelace", "laboratory": "LABGeM", "country": "FR"}
ADDRESSES = [
    "race@example.org",
    "Race@example.org",
    "RACE@example.org",
    "race@Example.org",
    "rAcE@example.org",
    "race@EXAMPLE.ORG",
]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time, so sign-ups cannot race there; "
    "test_services covers the same refusal on both databases.",
)
def test_simultaneous_sign_ups_with_one_address_all_get_the_usual_answer():
    start = threading.Barrier(len(ADDRESSES))
    answers = [None] * len(ADDRESSES)

    def sign_up(index, email):
        try:
            client = Client(raise_request_exception=False)
            start.wait(timeout=30)
            response = client.post("/register/", {**FORM, "email": email})
            answers[index] = (response.status_code, response.get("Location"))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=sign_up, args=(index, email))
        for index, email in enumerate(ADDRESSES)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert answers == [(302, "/register/sent/")] * len(ADDRESSES)
    assert Person.objects.count() == 1
