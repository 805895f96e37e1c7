"""“Manage my data” end to end, through the real views and the locmem mailbox."""

import csv
import io
import json
import re

import pytest
from django.core import mail
from django.db import connection
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

from people import services
from people.models import ConsentEvent, Person, email_hash
from rights.models import AccessLink, DataSubjectRequest
from visits import buffer
from visits.models import Visit

pytestmark = pytest.mark.django_db

EMAIL = "ada.lovelace@example.org"
NAME = "Ada Lovelace-Byron"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def person(initial_data):
    return services.register(
        full_name=NAME,
        email=EMAIL,
        laboratory="LABGeM",
        address="2 rue Gaston Crémieux, Évry",
        country="FR",
        newsletter=True,
        confirmed=True,
    )


def last_link():
    return re.search(r"http://testserver(\S+)", mail.outbox[-1].body).group(1)


def open_my_data(client, email=EMAIL):
    client.post("/my-data/", {"email": email})
    link = last_link()
    response = client.post(link)
    assert response.status_code == 302 and response["Location"].endswith("/my-data/me/")
    return link


def text_columns_containing(needle, connection=connection):
    """Every (table, column) of the whole database whose text holds ``needle``."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                kind = (
                    (column.type_code or "").lower()
                    if isinstance(column.type_code, str)
                    else ""
                )
                if kind and not any(
                    t in kind for t in ("char", "text", "json", "clob")
                ):
                    continue
                name = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608
                    f"WHERE LOWER(CAST({name} AS TEXT)) LIKE %s",
                    [f"%{needle.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.append((table, column.name))
    return found


def test_an_unknown_email_gets_exactly_the_same_answer(client, person):
    known = client.post("/my-data/", {"email": EMAIL})
    unknown = client.post("/my-data/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert known.content == unknown.content
    page_known = client.get(known["Location"]).content
    page_unknown = client.get(unknown["Location"]).content
    strip = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub(b"", page_known) == strip.sub(b"", page_unknown)
    # The unknown address is told, by email, that nothing is held about it.
    assert [m.to for m in mail.outbox] == [[EMAIL], ["nobody@example.org"]]
    assert "/my-data/open/" in mail.outbox[0].body
    assert "/my-data/open/" not in mail.outbox[1].body
    assert AccessLink.objects.count() == 1


def test_the_link_works_once_and_holds_no_address(client, person):
    client.post("/my-data/", {"email": EMAIL})
    link = last_link()
    assert "ada" not in link.lower()
    assert client.get(link).status_code == 200  # asks to continue
    assert client.post(link).status_code == 302
    other = client.__class__()
    assert other.post(link).status_code == 410
    assert other.get("/my-data/me/").status_code == 302


def test_an_expired_link_is_refused(client, person, settings):
    client.post("/my-data/", {"email": EMAIL})
    link = last_link()
    AccessLink.objects.update(expires_at="2000-01-01T00:00:00Z")
    assert client.post(link).status_code == 410


def test_without_an_opened_link_nothing_is_shown(client, person):
    response = client.get("/my-data/me/")
    assert response.status_code == 302
    assert client.get("/my-data/me/download.json").status_code == 302


def test_repeated_link_requests_are_throttled(client, person, settings):
    settings.FORM_RATES = {**settings.FORM_RATES, "my_data": (2, 20, 3600)}
    for _ in range(2):
        client.post("/my-data/", {"email": EMAIL})
    response = client.post("/my-data/", {"email": EMAIL})
    assert response.status_code == 429
    assert "Please wait an hour" in response.content.decode()
    assert len(mail.outbox) == 2


def test_full_journey_export_correct_restrict_withdraw_erase(client, person):
    contact = Page.objects.get(slug="contact", locale__language_code="en").specific
    FormSubmission.objects.create(
        page=contact,
        form_data={"your_name": NAME, "email": EMAIL, "message": "Hello"},
    )
    client.post(
        "/privacy/request/",
        {
            "kind": "objection",
            "full_name": NAME,
            "email": EMAIL,
            "message": f"I object. Write to {EMAIL}.",
        },
    )
    open_my_data(client)
    person.refresh_from_db()
    assert person.last_active_at is not None

    # Visits while identified are linked to the person.
    for path in ("/", "/about/"):
        assert client.get(path, HTTP_USER_AGENT=BROWSER).status_code == 200

    page = client.get("/my-data/me/")
    assert page.status_code == 200
    html = page.content.decode()
    assert EMAIL in html and "LABGeM" in html

    exported = json.loads(client.get("/my-data/me/download.json").content)
    assert exported["registered_user"]["email"] == EMAIL
    assert {v["path"] for v in exported["visits"]} >= {"/", "/about/"}
    assert exported["visits"][0]["browser_family"] == "Firefox"
    assert ("newsletter", "given") in {
        (c["purpose"], c["action"]) for c in exported["consent_history"]
    }
    assert exported["data_subject_requests"][0]["kind"] == "objection"

    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/my-data/me/download.csv").content.decode())
        )
    )
    assert {"registered_user", "consent_history", "visits"} <= {
        r["section"] for r in rows
    }
    assert any(r["field"] == "email" and r["value"] == EMAIL for r in rows)

    # Rectify
    response = client.post(
        "/my-data/me/correct/",
        {
            "full_name": NAME,
            "email": EMAIL,
            "laboratory": "Genoscope",
            "address": "Évry",
            "country": "FR",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.laboratory == "Genoscope"

    # Withdraw newsletter consent
    client.post("/my-data/me/newsletter/", {"subscribe": "0"})
    person.refresh_from_db()
    assert person.newsletter_consent == "withdrawn"

    # Restrict: no newsletter, no more visits recorded
    client.post("/my-data/me/restrict/", {"restrict": "1"})
    person.refresh_from_db()
    assert person.processing_restricted
    before = len(buffer.pending()) + Visit.objects.count()
    client.get("/about/", HTTP_USER_AGENT=BROWSER)
    assert len(buffer.pending()) + Visit.objects.count() == before
    client.post("/my-data/me/restrict/", {"restrict": "0"})
    client.get("/", HTTP_USER_AGENT=BROWSER)  # buffered, not yet written

    actions = set(
        ConsentEvent.objects.filter(person_public_id=person.public_id).values_list(
            "purpose", "action"
        )
    )
    assert {("newsletter", "withdrawn"), ("processing", "restricted")} <= actions

    # The scan sees the address wherever it is, before erasure.
    holding = text_columns_containing(EMAIL)
    assert {
        ("people_person", "email"),
        ("wagtailforms_formsubmission", "form_data"),
        ("rights_datasubjectrequest", "email"),
    } <= set(holding)

    # Erase, after a confirmation
    assert client.post("/my-data/me/erase/", {}).status_code == 400
    assert Person.objects.filter(pk=person.pk).exists()
    response = client.post("/my-data/me/erase/", {"confirm": "on"})
    assert response.status_code == 200
    buffer.flush()

    assert not Person.objects.exists()
    assert not Visit.objects.filter(person=person.public_id).exists()
    assert not FormSubmission.objects.exists()
    assert DataSubjectRequest.objects.get().pseudonymised
    assert ConsentEvent.objects.filter(
        person_public_id=person.public_id, action="erased", email_hash=email_hash(EMAIL)
    ).exists()
    assert text_columns_containing(EMAIL) == []
    assert text_columns_containing(NAME) == []
    assert client.get("/my-data/me/").status_code == 302


def test_a_link_for_an_unconfirmed_sign_up_does_not_echo_its_name(client, db):
    services.register(full_name="Prize waiting at prize.example", email=EMAIL)
    client.post("/my-data/", {"email": EMAIL})
    (message,) = mail.outbox
    assert "prize" not in message.body
    assert "/my-data/open/" in message.body


def test_a_link_for_a_confirmed_record_greets_the_person_by_name(client, person):
    client.post("/my-data/", {"email": EMAIL})
    assert mail.outbox[-1].body.startswith(f"Hello {NAME},\n")
