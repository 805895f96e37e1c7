"""The visitor's locale is looked up once, not once per link."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale, Page

from home import locales
from home.blocks import LinkBlock
from home.locales import active_locale_id, localized

pytestmark = pytest.mark.django_db

LOCALE_BY_LANGUAGE = (
    'FROM "wagtailcore_locale" WHERE "wagtailcore_locale"."language_code"'
)


def locale_lookups(path, client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return sum(LOCALE_BY_LANGUAGE in query["sql"] for query in queries)


@pytest.mark.parametrize("path", ["/about/", "/fr/about/", "/privacy/"])
def test_a_page_looks_the_visitors_locale_up_a_few_times_not_per_link(
    client, initial_data, path
):
    # Wagtail's routing and the notice ask; the menu and footer links used
    # to ask again for each link (25 times on /about/).
    assert locale_lookups(path, client) <= 3


def test_the_menu_links_to_the_pages_in_the_visitors_language(client, initial_data):
    french = client.get("/fr/about/").content.decode()
    english = client.get("/about/").content.decode()
    # Each page links to its translation once, from the language switcher;
    # every menu link stays in the page's language.
    assert english.count('href="/fr/about/"') == 1
    assert french.count('href="/about/"') == 1
    assert 'href="/fr/privacy/"' in french and 'href="/privacy/"' in english


def test_a_locale_saved_is_looked_up_again(initial_data):
    french = Locale.objects.get(language_code="fr")
    with translation.override("fr"):
        assert active_locale_id() == french.pk
        assert locales._ids == {"fr": french.pk}
        french.save()
        assert locales._ids == {}
        assert active_locale_id() == french.pk


def test_a_draft_translation_is_not_shown(initial_data):
    about = Page.objects.get(url_path__endswith="/about/", locale__language_code="en")
    french = Page.objects.get(
        translation_key=about.translation_key, locale__language_code="fr"
    )
    with translation.override("fr"):
        assert localized(about).pk == french.pk
        french.unpublish()
        assert localized(about).pk == about.pk


def test_a_link_looks_its_french_page_up_once_for_address_and_text(initial_data):
    about = Page.objects.get(url_path__endswith="/about/", locale__language_code="en")
    french = about.get_translation(Locale.objects.get(language_code="fr"))
    link = LinkBlock().to_python({"page": about.pk})
    with translation.override("fr"):
        active_locale_id()  # looked up once per process, not per link
        with CaptureQueriesContext(connection) as queries:
            assert link.url() == "/fr/about/"
            assert link.text() == french.title
    assert len(queries) == 1
