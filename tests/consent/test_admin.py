"""The Cookies admin menu: who may see and change what."""

import csv
import io

import pytest
from cookie_consent.models import Cookie, CookieGroup

from consent.models import ConsentRecord

pytestmark = pytest.mark.django_db

GROUPS_URL = "/admin/cookie-groups/"
COOKIES_URL = "/admin/cookie-declarations/"
LEDGER_URL = "/admin/consent-ledger/"
URLS = (GROUPS_URL, COOKIES_URL, LEDGER_URL)


@pytest.fixture
def ledger_row(initial_data, client):
    client.post("/cookies/", {"action": "refuse", "source": "banner"})
    client.cookies.clear()
    return ConsentRecord.objects.get()


def denied(response):
    return response.status_code in (302, 403)


@pytest.mark.parametrize("who", ["editor", "communications"])
def test_other_groups_cannot_reach_cookie_admin(request, client, initial_data, who):
    client.force_login(request.getfixturevalue(who))
    for url in URLS:
        assert denied(client.get(url)), url
    dashboard = client.get("/admin/").content.decode()
    assert "Consent ledger" not in dashboard


@pytest.mark.parametrize("who", ["dpo", "superuser"])
def test_dpo_and_superusers_see_the_cookies_menu(request, client, initial_data, who):
    client.force_login(request.getfixturevalue(who))
    for url in URLS:
        assert client.get(url).status_code == 200, url
    dashboard = client.get("/admin/").content.decode()
    assert "Consent ledger" in dashboard and "Cookie declarations" in dashboard


def test_dpo_finds_a_consent_id_and_exports_the_ledger(client, dpo, ledger_row):
    client.force_login(dpo)
    found = client.get(LEDGER_URL, {"q": ledger_row.consent_id})
    assert ledger_row.consent_id in found.content.decode()
    missing = client.get(LEDGER_URL, {"q": "0" * 32}).content.decode()
    assert ledger_row.consent_id not in missing
    export = client.get(LEDGER_URL, {"export": "csv"})
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0] == ledger_row.consent_id
    assert "refuse" in rows[1]
    assert ledger_row.text_id in rows[1]
    inspect = client.get(f"{LEDGER_URL}inspect/{ledger_row.pk}/")
    assert inspect.status_code == 200


@pytest.mark.parametrize("who", ["dpo", "superuser"])
def test_nobody_edits_or_deletes_ledger_rows(request, client, ledger_row, who):
    client.force_login(request.getfixturevalue(who))
    assert denied(client.get(f"{LEDGER_URL}new/"))
    assert denied(client.get(f"{LEDGER_URL}edit/{ledger_row.pk}/"))
    assert denied(client.post(f"{LEDGER_URL}delete/{ledger_row.pk}/"))
    assert ConsentRecord.objects.filter(pk=ledger_row.pk).exists()


def test_dpo_edits_a_declaration_and_its_lifetime(client, dpo, initial_data):
    client.force_login(dpo)
    ga = Cookie.objects.get(name="_ga")
    page = client.get(f"{COOKIES_URL}edit/{ga.pk}/")
    assert page.status_code == 200
    assert "13 months" in page.content.decode()
    response = client.post(
        f"{COOKIES_URL}edit/{ga.pk}/",
        {
            "cookiegroup": ga.cookiegroup_id,
            "name": "_ga",
            "description": "Tells visitors apart.",
            "lifetime": "12 months",
            "provider": "Google Analytics",
            "domain": "",
            "path": "/",
        },
    )
    assert response.status_code == 302
    ga.refresh_from_db()
    assert ga.details.lifetime == "12 months"
    assert "12 months" in client.get("/privacy/").content.decode()


def test_dpo_adds_a_cookie_group(client, dpo, initial_data):
    client.force_login(dpo)
    response = client.post(
        f"{GROUPS_URL}new/",
        {
            "name": "Video",
            "varname": "video",
            "description": "Embedded videos.",
            "ordering": "20",
        },
    )
    assert response.status_code == 302
    assert CookieGroup.objects.filter(varname="video", is_required=False).exists()
