"""import_plone on the fixture exports: tree, content, redirects, translations."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page

from events.models import EventIndexPage, EventPage
from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage
from plone.models import FolderPage, PloneObject

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
EXPORTIMPORT = FIXTURES / "exportimport"
COLLECTIVE = FIXTURES / "collective"


def run(path, *args):
    out = io.StringIO()
    call_command("import_plone", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def imported(initial_data):
    return run(EXPORTIMPORT)


def page(slug, model=Page):
    return model.objects.get(slug=slug)


def imported_page(uid):
    return PloneObject.objects.get(uid=uid).target.specific


def test_the_tree_keeps_plone_folders_types_and_order(imported, home_page):
    platform = page("platform", FolderPage)
    assert platform.get_parent().specific == home_page
    assert [p.slug for p in platform.get_children()] == ["team", "welcome"]
    assert isinstance(imported_page("folder-news"), NewsIndexPage)
    assert isinstance(imported_page("folder-events"), EventIndexPage)
    assert isinstance(page("team").specific, StandardPage)
    # The demo's news and events hold "news" and "events" under the home page.
    assert [p.slug for p in home_page.get_children()][-4:] == [
        "platform",
        "news-2",
        "events-2",
        "all-news",
    ]
    assert isinstance(page("all-news").specific, FolderPage)


def test_a_page_whose_address_is_taken_gets_a_numbered_one_and_a_redirect(
    client, initial_data, home_page
):
    demo = NewsIndexPage.objects.child_of(home_page).get()
    demo_items = list(demo.get_children().values_list("pk", "slug"))
    output = run(EXPORTIMPORT)
    demo.refresh_from_db()
    assert demo.slug == "news"
    assert list(demo.get_children().values_list("pk", "slug")) == demo_items
    news = imported_page("folder-news")
    assert news.get_parent().specific == home_page and news.slug == "news-2"
    assert [p.slug for p in news.get_children()] == ["release", "old"]
    assert "/en/news (folder-news): imported as news-2, another page" in output
    assert "/en/events (folder-events): imported as events-2, another" in output
    assert output.count("imported as") == 2  # no other page was renamed
    response = client.get("/en/news/release")
    assert response["Location"] == "/news-2/release/"
    # The demo's address still shows the demo's news, not the imported ones.
    html = client.get("/news/").content.decode()
    assert "A faster annotation pipeline" in html and "/news-2/" not in html


def test_a_folder_shows_its_default_page_at_its_address(client, imported):
    html = client.get("/platform/").content.decode()
    assert "Annotate <b>microbial</b> genomes." in html
    assert page("platform", FolderPage).default_page.slug == "welcome"


def test_classic_text_becomes_rich_text_with_page_links_and_images(imported):
    welcome = page("welcome", StandardPage)
    assert welcome.title == "Welcome"
    assert welcome.intro == "The platform in a few words."
    kinds = [block.block_type for block in welcome.body]
    assert kinds == ["heading", "paragraph", "image", "paragraph"]
    release = page("release")
    paragraph = welcome.body[1].value.source
    assert f'<a id="{release.pk}" linktype="page">the release</a>' in paragraph
    assert 'href="https://www.genoscope.cns.fr/"' in paragraph
    assert welcome.body[2].value["image"] == Image.objects.get(title="Platform logo")
    assert "Cell text" in welcome.body[3].value.source
    assert "<table" not in welcome.body[3].value.source
    assert "alert(1)" not in str(welcome.body.raw_data)


def test_volto_blocks_come_in_layout_order(imported):
    team = page("team", StandardPage)
    kinds = [block.block_type for block in team.body]
    assert kinds == ["heading", "paragraph", "image", "paragraph"]
    assert team.body[0].value["text"] == "Our people"
    welcome = page("welcome")
    assert f'<a id="{welcome.pk}" linktype="page">welcome page</a>' in (
        team.body[1].value.source
    )
    assert "<b>join us</b>" in team.body[1].value.source
    guide = Document.objects.get(title="User guide")
    assert f'<a id="{guide.pk}" linktype="document">The user guide</a>' in (
        team.body[3].value.source
    )


def test_publication_state_dates_and_menus(imported):
    welcome = page("welcome")
    assert welcome.live
    assert welcome.first_published_at.isoformat() == "2024-01-10T09:00:00+00:00"
    team = page("team")
    assert not team.live and team.has_unpublished_changes
    assert not team.show_in_menus and welcome.show_in_menus
    old = page("old", NewsPage)
    assert not old.live and old.expired
    assert old.expire_at.year == 2020
    assert not page("all-news").live  # pending


def test_news_and_events_keep_their_fields_and_tags(imported):
    release = page("release", NewsPage)
    assert release.date.isoformat() == "2024-03-01"
    assert sorted(t.name for t in release.tags.all()) == ["genomics", "release"]
    assert release.image.width == 6 and release.image_caption == "The new interface"
    workshop = page("workshop", EventPage)
    assert workshop.start.isoformat() == "2025-06-01T09:00:00+00:00"
    assert workshop.end.isoformat() == "2025-06-02T17:00:00+00:00"
    assert workshop.location == "Evry" and workshop.contact_email == "team@example.org"
    assert [t.name for t in workshop.tags.all()] == ["training"]


def test_images_and_files_go_to_a_collection_named_after_the_import(imported):
    logo = Image.objects.get(title="Platform logo")
    guide = Document.objects.get(title="User guide")
    assert logo.collection.name == "Plone import: exportimport"
    assert guide.collection == logo.collection
    assert (logo.width, logo.height) == (4, 3)
    assert [t.name for t in logo.tags.all()] == ["logo"]
    assert guide.file.read().startswith(b"%PDF")


def test_translations_are_linked_and_other_languages_left_out(imported):
    welcome = page("welcome")
    french = page("bienvenue")
    assert french.locale == Locale.objects.get(language_code="fr")
    assert french.translation_key == welcome.translation_key
    assert welcome.get_translation(french.locale) == french
    assert not Page.objects.filter(slug="willkommen").exists()
    assert not Redirect.objects.filter(old_path="/fr/bienvenue").exists()
    assert "Document /de/willkommen (doc-de): its language de" in imported
    assert "  translation [fr]: 1" in imported


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/en/platform/welcome", "/platform/welcome/"),
        ("/en/platform", "/platform/"),
        ("/en/news/release", "/news-2/release/"),
        ("/en/old-welcome", "/platform/welcome/"),
        ("/fr/bienvenue", "/fr/bienvenue/"),  # the same page: only the slash
        ("/en/cea", "https://www.cea.fr/"),
    ],
)
def test_old_addresses_redirect_to_the_new_ones(client, imported, old, new):
    response = client.get(old)
    assert response.status_code in (301, 302)
    assert response["Location"] == new


def test_an_old_file_address_redirects_to_the_document(client, imported):
    guide = Document.objects.get(title="User guide")
    response = client.get("/en/platform/guide.pdf")
    assert response["Location"] == guide.url


def test_a_redirect_to_nothing_imported_is_reported(imported):
    assert "/en/lost: redirect to /en/nowhere: nothing imported there" in imported
    assert "<table> unwrapped" in imported


def test_every_imported_item_keeps_its_plone_uid(imported):
    welcome = PloneObject.objects.get(uid="doc-welcome")
    assert welcome.object_id == page("welcome").pk
    assert PloneObject.objects.get(uid="link-cea").target == Redirect.objects.get(
        old_path="/en/cea"
    )


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("pk", "latest_revision_id")),
        "images": Image.objects.count(),
        "documents": Document.objects.count(),
        "redirects": sorted(Redirect.objects.values_list("old_path", flat=True)),
        "mappings": PloneObject.objects.count(),
    }


def test_a_second_run_changes_nothing(imported):
    before = snapshot()
    output = run(EXPORTIMPORT)
    assert snapshot() == before
    assert "created: 0" in output and "updated: 0" in output


def test_a_dry_run_writes_nothing_and_says_what_it_would_do(initial_data):
    before = snapshot()
    output = run(EXPORTIMPORT, "--dry-run")
    assert snapshot() == before
    assert "dry run" in output
    assert "  Document [en]: 2" in output


def test_a_collective_export_imports_with_old_absolute_addresses(client, home_page):
    run(COLLECTIVE)
    docs = page("docs", FolderPage)
    assert [p.slug for p in docs.get_children()] == ["usage", "intro"]
    assert docs.default_page.slug == "intro"
    intro = page("intro", StandardPage)
    usage = page("usage")
    assert f'<a id="{usage.pk}" linktype="page">here</a>' in intro.body[0].value.source
    assert intro.body[1].value["image"].title == "A picture"
    assert client.get("/Plone/docs/intro")["Location"] == "/docs/intro/"
    assert client.get("/Plone/old-docs")["Location"] == "/docs/"
    # In Plone beside its English original; here in the French tree.
    french = page("utilisation")
    assert french.get_parent().specific == home_page.get_translation(french.locale)
    assert french.translation_key == usage.translation_key
