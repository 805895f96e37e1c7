"""News pages, their index in date order, and the index's RSS feed."""

import datetime
from xml.etree import ElementTree

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


def channel_of(content):
    """The feed's channel; the XML is the site's own output."""
    return ElementTree.fromstring(content).find("channel")  # noqa: S314


class NewsTreeRules(WagtailPageTestCase):
    def test_news_pages_go_under_a_news_index_only(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_a_news_index_holds_news_pages_only(self):
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanCreateAt(StandardPage, NewsIndexPage)


@pytest.fixture
def news_index(home_page):
    index = NewsIndexPageFactory(parent=home_page, title="News", slug="press")
    NewsPageFactory(
        parent=index, title="Older release", date=datetime.date(2025, 1, 10)
    )
    newest = NewsPageFactory(
        parent=index, title="Newest release", date=datetime.date(2026, 5, 4)
    )
    newest.tags.add("genomics", "release")
    newest.save()
    NewsPageFactory(
        parent=index, title="Middle release", date=datetime.date(2025, 9, 1)
    )
    draft = NewsPageFactory(parent=index, title="Unpublished news", live=False)
    draft.save()
    return index


def test_the_index_lists_live_news_newest_first(client, news_index):
    html = client.get("/press/").content.decode()
    newest = html.index("Newest release")
    middle = html.index("Middle release")
    older = html.index("Older release")
    assert newest < middle < older
    assert "Unpublished news" not in html
    assert 'type="application/rss+xml"' in html and 'href="/press/feed/"' in html


def test_a_news_page_shows_its_date_tags_and_body(client, news_index):
    page = NewsPage.objects.get(title="Newest release")
    html = client.get(page.url).content.decode()
    assert 'datetime="2026-05-04"' in html
    assert "Faster annotation." in html
    assert "genomics" in html and "release" in html


def test_the_feed_is_rss_with_one_item_per_live_news(client, news_index):
    response = client.get("/press/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = channel_of(response.content)
    assert channel.findtext("title") == "News"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Newest release",
        "Middle release",
        "Older release",
    ]
    first = items[0]
    assert first.findtext("link") == "http://testserver/press/newest-release/"
    assert "Mon, 04 May 2026" in first.findtext("pubDate")
    assert sorted(c.text for c in first.findall("category")) == [
        "genomics",
        "release",
    ]


def test_an_empty_index_says_so_and_its_feed_has_no_item(client, home_page):
    NewsIndexPageFactory(parent=home_page, slug="press")
    assert "No news has been published yet." in client.get("/press/").content.decode()
    channel = channel_of(client.get("/press/feed/").content)
    assert channel.findall("item") == []


def test_news_are_found_by_the_site_search(client, news_index):
    assert Page.objects.live().search("Newest").count() >= 1
