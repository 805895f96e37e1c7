"""load_initial_data gives the demo site news and events, in English and French,
and the home page shows the latest of each."""

import io

import pytest
from django.core.management import call_command

from events.models import EventIndexPage, EventPage
from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("index_model", "item_model", "english", "french"),
    [
        (NewsIndexPage, NewsPage, "News", "Actualités"),
        (EventIndexPage, EventPage, "Events", "Événements"),
    ],
)
def test_the_home_page_shows_the_latest_news_and_events_in_both_languages(
    client, initial_data, index_model, item_model, english, french
):
    indexes = {
        page.locale.language_code: page
        for page in index_model.objects.live().select_related("locale")
    }
    assert set(indexes) == {"en", "fr"}
    assert indexes["en"].translation_key == indexes["fr"].translation_key
    for language, heading, home in (("en", english, "/"), ("fr", french, "/fr/")):
        items = item_model.objects.child_of(indexes[language]).live()
        assert items.exists()
        assert all(item.locale.language_code == language for item in items)
        html = client.get(home).content.decode()
        assert f">{heading}</h2>" in html
        for item in items:
            assert f'href="{item.url}"' in html, item.url


def test_a_second_run_adds_no_news_or_events(initial_data):
    counts = (NewsPage.objects.count(), EventPage.objects.count())
    call_command("load_initial_data", stdout=io.StringIO())
    assert (NewsPage.objects.count(), EventPage.objects.count()) == counts


def test_an_editor_page_at_the_news_address_keeps_the_demo_news_out(
    client, initial_data, home_page
):
    for index in NewsIndexPage.objects.all():
        index.delete()
    page = StandardPage(title="Press", slug="news", intro="Our press releases.")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    assert "nothing to create" in out.getvalue()
    assert not NewsIndexPage.objects.exists()
    assert "Our press releases." in client.get("/news/").content.decode()
    assert client.get("/").status_code == 200  # its News block lists nothing
