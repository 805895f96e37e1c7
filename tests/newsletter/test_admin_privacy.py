"""Who sees whom in the Newsletter admin, and erased people break nothing.

Only those who may see registered users (``people.view_person``: the DPO,
superusers) see names and addresses in the sync state, and look someone up,
by their whole address only. Communications follows the sync through the
pseudonymous id.
"""

import pytest
from django.urls import reverse

from newsletter.models import BacklogAlert, ReconciliationReport, SyncRecord
from people import services

pytestmark = pytest.mark.django_db

OVERVIEW = "/admin/newsletter/overview/"
RECORDS = "/admin/newsletter/sync/"
PEOPLE = {
    "Ada Lovelace": "ada@example.org",
    "Bob Builder": "bob@lab.example.net",
    "Cy Erased": "cy@example.org",
}


@pytest.fixture
def records(db):
    """Three outbox rows (Mailchimp not configured: they wait), one erased."""
    people = {}
    for name, email in PEOPLE.items():
        person = services.register(full_name=name, email=email, newsletter=True)
        people[name] = services.confirm(person)
    services.erase(people["Cy Erased"], source="dpo")
    rows = {
        name: SyncRecord.objects.get(person_public_id=person.public_id)
        for name, person in people.items()
    }
    assert rows["Cy Erased"].person is None
    return rows


def inspect_url(record):
    return reverse("newsletter_sync_records:inspect", args=[record.pk])


def visible(html, records):
    return {name for name, record in records.items() if str(record) in html}


def test_every_str_in_newsletter_is_a_plain_string(records):
    report = ReconciliationReport.objects.create(counts={})
    alert = BacklogAlert.objects.create(
        waiting_since=report.started_at, waiting=1, recipients=0
    )
    for obj in [*records.values(), report, alert]:
        assert type(str(obj)) is str
        assert type(obj.__str__()) is str, obj.__class__.__name__
    assert str(records["Cy Erased"]).endswith("(erased)")
    for name, record in records.items():
        assert name not in str(record)
        assert str(record.person_public_id) in str(record)


@pytest.mark.parametrize("who", ["communications", "dpo", "superuser"])
def test_the_sync_state_after_an_erasure_answers_for_every_group(
    client, request, records, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(RECORDS)
    assert response.status_code == 200
    assert visible(response.content.decode(), records) == set(PEOPLE)
    for record in records.values():
        assert client.get(inspect_url(record)).status_code == 200
    assert client.get(OVERVIEW).status_code == 200


def test_communications_sees_pseudonymous_ids_and_no_names(
    client, records, communications
):
    client.force_login(communications)
    pages = [client.get(RECORDS), client.get(OVERVIEW)] + [
        client.get(inspect_url(record)) for record in records.values()
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        for name, email in PEOPLE.items():
            assert name not in html and email not in html
    # The oldest waiting change, on the overview, by its id.
    assert visible(pages[1].content.decode(), records) == {"Ada Lovelace"}


@pytest.mark.parametrize(
    "query", ["ada@example.org", "example.org", "@example.org", "Ada", "Lovelace"]
)
def test_communications_cannot_search_by_address_or_domain(
    client, records, communications, query
):
    client.force_login(communications)
    html = client.get(RECORDS).content.decode()
    assert 'name="q"' not in html  # no search box
    searched = client.get(RECORDS, {"q": query}).content.decode()
    # The query is ignored: the same rows, still without names.
    assert visible(searched, records) == set(PEOPLE)
    assert "Ada Lovelace" not in searched
    results = client.get(RECORDS + "results/", {"q": query}).content.decode()
    assert visible(results, records) == set(PEOPLE)


@pytest.mark.parametrize("who", ["dpo", "superuser"])
def test_the_dpo_sees_names_and_finds_one_person_by_whole_address(
    client, request, records, who
):
    client.force_login(request.getfixturevalue(who))
    html = client.get(RECORDS).content.decode()
    assert 'name="q"' in html
    assert "Ada Lovelace" in html and "Bob Builder" in html
    inspect = client.get(inspect_url(records["Ada Lovelace"])).content.decode()
    assert "Ada Lovelace" in inspect and "ada@example.org" in inspect

    found = client.get(RECORDS, {"q": " ADA@Example.ORG "}).content.decode()
    assert visible(found, records) == {"Ada Lovelace"}
    results = client.get(RECORDS + "results/", {"q": "bob@lab.example.net"})
    assert visible(results.content.decode(), records) == {"Bob Builder"}


@pytest.mark.parametrize(
    "query", ["example.org", "@example.org", "lab.example.net", "ada@", "ada", "Ada"]
)
def test_the_dpo_cannot_list_people_by_domain_or_part_of_an_address(
    client, records, dpo, query
):
    client.force_login(dpo)
    html = client.get(RECORDS, {"q": query}).content.decode()
    assert visible(html, records) == set()
    assert "Search by one whole email address" in html


def test_editors_see_no_sync_state(client, records, editor):
    client.force_login(editor)
    for url in [RECORDS, OVERVIEW, inspect_url(records["Ada Lovelace"])]:
        assert client.get(url).status_code in {302, 403}
