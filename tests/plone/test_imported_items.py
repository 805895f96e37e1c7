"""Staff who read the import reports see which Plone item became which page,
image or document: a read-only listing, searchable by old path."""

import importlib
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

from plone.models import PloneObject

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).parent / "fixtures" / "exportimport"
LISTING = "/admin/plone-objects/"


@pytest.fixture
def imported(initial_data):
    call_command("import_plone", str(EXPORT), stdout=io.StringIO())


def rows(html):
    """The listing's rows, without the whitespace around tags."""
    body = re.search(
        r'<table class="listing">.*?<tbody>(.*?)</tbody>', html, flags=re.S
    )
    if body is None:
        return []
    tight = re.sub(r"\s*(<|>)\s*", r"\1", body.group(1))
    return re.findall(r"<tr>.*?</tr>", tight)


@pytest.mark.parametrize("who", ["dpo", "superuser"])
def test_who_reads_the_reports_lists_the_imported_items(client, imported, request, who):
    client.force_login(request.getfixturevalue(who))
    assert LISTING in client.get("/admin/").content.decode()
    response = client.get(LISTING)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(rows(html)) == PloneObject.objects.count() == 15
    welcome = Page.objects.get(slug="welcome")
    bienvenue = Page.objects.get(slug="bienvenue")
    logo = Image.objects.get(title="Platform logo")
    guide = Document.objects.get(title="User guide")
    [row] = [each for each in rows(html) if "/en/platform/welcome<" in each]
    assert "Document" in row and ">en<" in row
    assert f'href="/admin/pages/{welcome.pk}/edit/">Welcome</a>' in row
    [row] = [each for each in rows(html) if "/fr/bienvenue<" in each]
    assert ">fr<" in row
    assert f'href="/admin/pages/{bienvenue.pk}/edit/">Bienvenue</a>' in row
    listed = "".join(rows(html))
    assert f'href="/admin/images/{logo.pk}/">Platform logo</a>' in listed
    assert f'href="/admin/documents/edit/{guide.pk}/">User guide</a>' in listed


@pytest.mark.parametrize("who", ["editor", "communications"])
def test_editors_and_communications_do_not_see_them(client, imported, request, who):
    client.force_login(request.getfixturevalue(who))
    assert LISTING not in client.get("/admin/").content.decode()
    response = client.get(LISTING)
    assert response.status_code in (302, 403)
    assert "/en/platform/welcome" not in response.content.decode()


def test_the_listing_is_searched_by_old_path(client, imported, dpo):
    client.force_login(dpo)
    html = client.get(LISTING, {"q": "platform/"}).content.decode()
    paths = sorted(re.findall(r">(/[^<]*)<", "".join(rows(html))))
    assert paths == [
        "/en/platform/guide.pdf",
        "/en/platform/logo.png",
        "/en/platform/team",
        "/en/platform/welcome",
    ]
    assert "/fr/bienvenue" not in html


def test_nobody_adds_changes_or_deletes_an_imported_item(client, imported, superuser):
    item = PloneObject.objects.get(path="/en/platform/welcome")
    client.force_login(superuser)
    html = client.get(LISTING).content.decode()
    assert f"{LISTING}new/" not in html
    assert f"{LISTING}edit/{item.pk}/" not in html
    for url in (f"{LISTING}new/", f"{LISTING}edit/{item.pk}/"):
        assert client.get(url).status_code in (302, 403)
    response = client.post(f"{LISTING}delete/{item.pk}/")
    assert response.status_code in (302, 403)
    assert PloneObject.objects.filter(pk=item.pk).exists()


def test_an_item_whose_page_was_deleted_says_so(client, imported, dpo):
    Page.objects.get(slug="team").delete()
    client.force_login(dpo)
    html = client.get(LISTING, {"q": "/en/platform/team"}).content.decode()
    [row] = rows(html)
    assert "Deleted since the import" in row


def test_items_imported_before_the_language_was_kept_get_it(imported):
    PloneObject.objects.update(language="")
    migration = importlib.import_module(
        "plone.migrations.0004_imported_item_language_and_task"
    )
    migration.page_languages(apps, None)
    languages = dict(PloneObject.objects.values_list("path", "language"))
    assert languages["/en/platform/welcome"] == "en"
    assert languages["/fr/bienvenue"] == "fr"
    # Images and documents have no locale: the next import says.
    assert languages["/en/platform/logo.png"] == ""
    call_command("import_plone", str(EXPORT), stdout=io.StringIO())
    languages = dict(PloneObject.objects.values_list("path", "language"))
    assert languages["/en/platform/logo.png"] == "en"
    assert "" not in languages.values()
