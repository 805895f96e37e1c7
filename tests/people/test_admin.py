"""The DPO's admin for registered users: who may see it, and what it does."""

import io
import json
import logging
import re

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

from people import services
from people.models import ConsentEvent, Person

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/people/person/"


@pytest.fixture
def person(initial_data):
    return services.register(
        full_name="Grace Hopper",
        email="grace@example.org",
        laboratory="LABGeM",
        country="US",
        confirmed=True,
    )


def urls(person):
    pk = person.pk
    return {
        "list": LIST,
        "inspect": f"{LIST}inspect/{pk}/",
        "edit": f"{LIST}edit/{pk}/",
        "history": f"{LIST}history/{pk}/",
        "csv": f"{LIST}?export=csv",
        "xlsx": f"{LIST}?export=xlsx",
        "export": f"{LIST}export/{pk}/",
        "delete": f"{LIST}delete/{pk}/",
    }


@pytest.mark.parametrize("who", ["editor", "communications"])
def test_other_groups_cannot_list_view_or_export_registered_users(
    client, request, person, who
):
    client.force_login(request.getfixturevalue(who))
    for name, url in urls(person).items():
        response = client.get(url)
        assert response.status_code in (302, 403), name
        assert b"grace@example.org" not in response.content, name


@pytest.mark.parametrize("who", ["dpo", "superuser"])
def test_dpo_and_superusers_can_list_view_and_export(client, request, person, who):
    client.force_login(request.getfixturevalue(who))
    pages = urls(person)
    for name in ("list", "inspect", "edit", "history"):
        assert client.get(pages[name]).status_code == 200, name
    csv_export = client.get(pages["csv"])
    assert csv_export.status_code == 200
    assert b"grace@example.org" in b"".join(csv_export.streaming_content)
    xlsx_export = client.get(pages["xlsx"])
    assert xlsx_export.status_code == 200
    assert xlsx_export["Content-Type"].startswith("application/vnd.openxmlformats")
    exported = json.loads(client.get(pages["export"]).content)
    assert exported["registered_user"]["email"] == "grace@example.org"


def test_the_list_searches_and_filters(client, dpo, person):
    services.register(full_name="Alan Turing", email="alan@example.org", country="GB")
    client.force_login(dpo)
    html = client.get(LIST, {"q": "grace"}).content.decode()
    assert "Grace Hopper" in html and "Alan Turing" not in html
    html = client.get(LIST, {"country": "GB"}).content.decode()
    assert "Alan Turing" in html and "Grace Hopper" not in html
    services.set_restricted(person, True, source="admin")
    html = client.get(LIST, {"processing_restricted": "true"}).content.decode()
    assert "Grace Hopper" in html and "Alan Turing" not in html


def test_inspect_shows_the_consent_history(client, dpo, person):
    client.force_login(dpo)
    html = client.get(urls(person)["inspect"]).content.decode()
    assert "Consent history" in html and "Confirmed" in html


def test_admin_edits_go_through_the_ledger(client, dpo, person):
    client.force_login(dpo)
    response = client.post(
        urls(person)["edit"],
        {
            "full_name": "Grace B. Hopper",
            "email": "grace@example.org",
            "laboratory": "LABGeM",
            "address": "",
            "country": "US",
            "processing_restricted": "on",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Grace B. Hopper" and person.processing_restricted
    assert ConsentEvent.objects.filter(
        person_public_id=person.public_id, action="restricted", source="admin"
    ).exists()


def test_admin_refuses_a_duplicate_email(client, dpo, person):
    services.register(full_name="Alan Turing", email="alan@example.org")
    client.force_login(dpo)
    response = client.post(
        f"{LIST}add/",
        {"full_name": "Someone", "email": "ALAN@example.org", "country": ""},
    )
    assert response.status_code == 200
    assert Person.objects.count() == 2


def test_admin_delete_is_the_full_erasure_and_scrubs_the_history(client, dpo, person):
    client.force_login(dpo)
    client.post(
        urls(person)["edit"],
        {"full_name": "Grace Hopper", "email": "grace@example.org", "country": "FR"},
    )
    assert ModelLogEntry.objects.filter(label="Grace Hopper").exists()
    page = client.get(urls(person)["delete"])
    assert "cannot be undone" in page.content.decode()
    response = client.post(urls(person)["delete"])
    assert response.status_code == 302
    assert not Person.objects.exists()
    assert not ModelLogEntry.objects.filter(label__icontains="Grace").exists()
    assert ConsentEvent.objects.filter(
        person_public_id=person.public_id, action="erased", source="admin"
    ).exists()


def test_admin_actions_never_write_the_person_to_the_logs(client, dpo, person):
    handler = next(h for h in logging.getLogger().handlers if h.filters)
    stream, handler.stream = handler.stream, io.StringIO()
    wagtail_level = logging.getLogger("wagtail").level
    logging.getLogger("wagtail").setLevel(logging.INFO)
    try:
        client.force_login(dpo)
        client.post(
            urls(person)["edit"],
            {"full_name": "Grace Hopper", "email": "grace@example.org"},
        )
        client.get(urls(person)["export"])
        logging.getLogger("wagtail").info('Edited: "%s" pk=%d', "Grace Hopper", 1)
        logging.getLogger("django").warning("Mail to grace@example.org failed")
        client.post(urls(person)["delete"])
        written = handler.stream.getvalue()
    finally:
        handler.stream = stream
        logging.getLogger("wagtail").setLevel(wagtail_level)
    assert "Edited" in written and "failed" in written
    assert "grace@example.org" not in written
    assert "Grace Hopper" not in written


def test_the_dpo_corrects_at_once_but_a_new_address_waits_for_its_owner(
    client, dpo, person
):
    client.force_login(dpo)
    response = client.post(
        urls(person)["edit"],
        {
            "full_name": "Grace B. Hopper",
            "email": "grace@navy.example.mil",
            "laboratory": "LABGeM",
            "address": "",
            "country": "US",
        },
        follow=True,
    )
    assert "replaces the current one once the link sent to it is followed" in (
        response.content.decode()
    )
    person.refresh_from_db()
    assert person.full_name == "Grace B. Hopper"
    assert person.email == "grace@example.org"
    (to_new,) = [m for m in mail.outbox if m.to == ["grace@navy.example.mil"]]
    (to_old,) = [m for m in mail.outbox if m.to == ["grace@example.org"]]
    assert "Grace" not in to_new.body
    assert "change of the email address" in to_old.body
    (link,) = re.findall(r"http://testserver(\S+)", to_new.body)
    assert Client().post(link).status_code == 200
    person.refresh_from_db()
    assert person.email == "grace@navy.example.mil"


@pytest.mark.parametrize(
    "laboratory",
    ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1)"],
)
def test_the_csv_export_of_registered_users_runs_no_formula(
    client, dpo, initial_data, laboratory
):
    services.register(
        full_name="Formula Person", email="formula@example.org", laboratory=laboratory
    )
    client.force_login(dpo)
    response = client.get(f"{LIST}?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "'" + laboratory.replace('"', '""') in body
