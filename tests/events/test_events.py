"""Event pages, their index (coming events first) and the index's RSS feed."""

import datetime
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from events.models import EventIndexPage, EventPage
from home.models import HomePage
from tests.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db


def channel_of(content):
    """The feed's channel; the XML is the site's own output."""
    return ElementTree.fromstring(content).find("channel")  # noqa: S314


NOW = datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)


def at(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


class EventTreeRules(WagtailPageTestCase):
    def test_event_pages_go_under_an_events_index_only(self):
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())

    def test_an_events_index_holds_event_pages_only(self):
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertCanCreateAt(HomePage, EventIndexPage)


@pytest.fixture
def events_index(home_page, time_machine):
    time_machine.move_to(NOW, tick=False)
    index = EventIndexPageFactory(parent=home_page, slug="agenda")
    EventPageFactory(
        parent=index, title="Past course", start=at(2026, 1, 5, 9), end=None
    )
    EventPageFactory(
        parent=index,
        title="Far workshop",
        start=at(2026, 9, 1, 9),
        end=at(2026, 9, 1, 17),
    )
    EventPageFactory(
        parent=index,
        title="Running conference",
        start=at(2026, 6, 14, 9),
        end=at(2026, 6, 16, 17),
        whole_day=True,
        location="Paris",
        contact_name="Platform team",
        contact_email="team@example.org",
    )
    EventPageFactory(
        parent=index,
        title="Older past course",
        start=at(2025, 3, 5, 9),
        end=at(2025, 3, 5, 12),
    )
    return index


def test_coming_events_soonest_first_then_past_ones_latest_first(client, events_index):
    html = client.get("/agenda/").content.decode()
    order = [
        html.index(title)
        for title in (
            "Running conference",
            "Far workshop",
            "Past events",
            "Past course",
            "Older past course",
        )
    ]
    assert order == sorted(order)
    assert 'href="/agenda/feed/"' in html


def test_an_event_page_shows_when_where_and_whom_to_contact(client, events_index):
    page = EventPage.objects.get(title="Running conference")
    html = client.get(page.url).content.decode()
    assert "Paris" in html
    assert 'href="mailto:team@example.org"' in html
    # A whole-day event shows dates, not times.
    assert page.summary().startswith("June 14, 2026 – June 16, 2026")


def test_the_feed_is_rss_with_every_live_event(client, events_index):
    response = client.get("/agenda/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = channel_of(response.content)
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == [
        "Far workshop",
        "Running conference",
        "Past course",
        "Older past course",
    ]


def test_an_event_cannot_end_before_it_starts(home_page):
    index = EventIndexPage.objects.child_of(home_page).get()  # the demo's
    page = EventPage(
        title="Backwards",
        start=timezone.make_aware(datetime.datetime(2026, 6, 2, 9)),
        end=timezone.make_aware(datetime.datetime(2026, 6, 1, 9)),
    )
    with pytest.raises(ValidationError) as caught:
        index.add_child(instance=page)
    assert "end" in caught.value.message_dict
