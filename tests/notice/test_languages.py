"""The notice in English (the reference) and French, and the change message."""

import io
import re

import pytest
from django.core.management import call_command

from notice.models import NoticeVersion
from tests.notice_helpers import (
    MAILCHIMP,
    SHARING,
    english_notice,
    french_notice,
    publish_change,
    visible_text,
)

pytestmark = pytest.mark.django_db


def test_french_notice_is_a_translation_with_its_own_versions(initial_data):
    english, french = english_notice(), french_notice()
    assert french.translation_key == english.translation_key
    assert french.live
    assert french.title == "Politique de confidentialité"
    versions = NoticeVersion.objects.filter(page=french)
    assert [v.number for v in versions] == [1]
    assert "Données personnelles" in versions[0].html


def test_french_page_is_served_under_fr(client, initial_data):
    response = client.get("/fr/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    assert '<html lang="fr">' in html
    assert "Dernière mise à jour le" in text
    assert "seul le texte anglais fait foi" in text
    assert "Commission nationale de l'informatique et des libertés" in text
    assert "not handed out" not in text


def test_english_page_says_it_is_the_reference_text(client, initial_data):
    text = visible_text(client.get("/privacy/").content.decode())
    assert "This English text is the reference version of the notice" in text


def test_language_switcher_shows_both_languages(client, initial_data):
    for path, current in (("/privacy/", "English"), ("/fr/privacy/", "français")):
        html = client.get(path).content.decode()
        switcher = html.split('class="notice__languages"')[1].split("</nav>")[0]
        assert 'href="/fr/privacy/"' in switcher or 'href="/privacy/"' in switcher
        assert 'aria-current="page"' in switcher
        assert re.search(r'hreflang="(en|fr)"', switcher)
        assert current.casefold() in switcher.casefold()


def test_french_archive_has_its_own_numbering(client, initial_data, superuser):
    publish_change(english_notice(), SHARING, f"{SHARING} {MAILCHIMP}")
    french = client.get("/fr/privacy/versions/").content.decode()
    assert "Version 1" in french
    assert "/fr/privacy/versions/2/" not in french
    assert client.get("/fr/privacy/versions/1/").status_code == 200
    assert client.get("/fr/privacy/versions/2/").status_code == 404


def test_load_initial_data_creates_the_french_notice_once(initial_data):
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    assert "nothing to create" in out.getvalue()
    assert NoticeVersion.objects.filter(page=french_notice()).count() == 1


def change_box(html):
    match = re.search(r'<div class="notice-change"[^>]*>', html)
    return match.group(0) if match else ""


def test_every_page_carries_the_notice_state_but_no_message_yet(client, initial_data):
    for path in ("/", "/about/", "/contact/", "/privacy/"):
        box = change_box(client.get(path).content.decode())
        assert "data-notice-current" in box, path
        assert "hidden" in box, path
        assert "data-notice-material" not in box, path


def test_a_material_change_is_announced_on_every_page(client, initial_data):
    publish_change(english_notice(), SHARING, f"{SHARING} {MAILCHIMP}", material=True)
    version = NoticeVersion.objects.get(page=english_notice(), number=2)
    html = client.get("/about/").content.decode()
    box = change_box(html)
    assert f'data-notice-material="{int(version.effective_at.timestamp())}"' in box
    assert "hidden" in box  # shown by the script to returning visitors only
    assert "The privacy notice changed on" in html
    assert 'href="/privacy/versions/2/changes/"' in html
    assert "js/notice-change.js" in html


def test_a_minor_change_is_not_announced(client, initial_data):
    publish_change(english_notice(), SHARING, f"{SHARING} {MAILCHIMP}", material=False)
    assert "data-notice-material" not in change_box(client.get("/").content.decode())


def test_the_message_leaves_pages_the_same_for_every_visitor(client, initial_data):
    publish_change(english_notice(), SHARING, f"{SHARING} {MAILCHIMP}", material=True)
    first = change_box(client.get("/about/").content.decode())
    client.cookies["notice_seen"] = "1"
    second = change_box(client.get("/about/").content.decode())
    assert first == second


def test_the_cached_state_is_renewed_when_a_version_is_committed(
    client, initial_data, django_capture_on_commit_callbacks
):
    assert "data-notice-material" not in change_box(client.get("/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        publish_change(
            english_notice(), SHARING, f"{SHARING} {MAILCHIMP}", material=True
        )
    assert "data-notice-material" in change_box(client.get("/").content.decode())


def test_the_french_notice_shows_the_cookies_and_the_retention_periods(
    client, initial_data
):
    html = client.get("/fr/privacy/").content.decode()
    assert 'class="notice__retention"' in html
    assert 'class="cookie-table"' in html
    text = visible_text(html)
    assert "_ga" in text
