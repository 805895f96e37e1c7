"""A translated notice names the reference version it translates; staff see a lag."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from notice.models import NoticeVersion, translation_status, translations_behind
from notice.publishing import publish_revision
from tests.notice_helpers import (
    MAILCHIMP,
    SHARING,
    draft_of,
    english_notice,
    french_notice,
    publish_change,
    visible_text,
)

pytestmark = pytest.mark.django_db

BEHIND = "This translation is behind the reference notice."
PANEL = 'id="notice-translations-behind-content"'


def publish_english_change(user):
    publish_change(english_notice(), SHARING, f"{SHARING} {MAILCHIMP}", user=user)
    return NoticeVersion.objects.for_language("en").latest("number")


def publish_french(translates_version, user):
    draft = draft_of(french_notice())
    draft.change_summary = "Traduction mise à jour."
    draft.translates_version = translates_version
    publish_revision(draft.save_revision(user=user), user=user)
    return NoticeVersion.objects.for_language("fr").latest("number")


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_the_first_french_version_translates_the_first_english_one(initial_data):
    french = NoticeVersion.objects.for_language("fr").get()
    english = NoticeVersion.objects.for_language("en").get()
    assert french.translates == english
    assert NoticeVersion.objects.for_language("en").get().translates is None
    status = translation_status("fr")
    assert status.follows == english and not status.behind
    assert translation_status("en") is None
    assert translations_behind() == []


def test_an_english_publication_puts_the_french_notice_behind_until_it_follows(
    client, initial_data, superuser, editor, dpo
):
    english_v2 = publish_english_change(superuser)
    [status] = translations_behind()
    assert status.follows.number == 1 and status.reference == english_v2

    for user in (editor, dpo):
        client.force_login(user)
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
        assert PANEL in dashboard
        text = visible_text(dashboard)
        assert "translates version 1 of the reference notice; version 2" in text
        edit_page = visible_text(client.get(edit_url(french_notice())).content.decode())
        assert BEHIND in edit_page
        assert "It translates version 1; version 2 has been in force" in edit_page

    public = client.get("/fr/privacy/").content.decode()
    assert f'href="{english_v2.detail_url}"' in public
    assert "version 1" in visible_text(public)

    french_v2 = publish_french(english_v2.number, superuser)
    assert french_v2.translates == english_v2
    assert translations_behind() == []
    for user in (editor, dpo):
        client.force_login(user)
        assert PANEL not in client.get(reverse("wagtailadmin_home")).content.decode()
        edit_page = visible_text(client.get(edit_url(french_notice())).content.decode())
        assert BEHIND not in edit_page
    assert f'href="{english_v2.detail_url}"' not in (
        client.get("/fr/privacy/").content.decode()
    )


def test_a_french_fix_that_does_not_follow_the_new_english_text_stays_behind(
    initial_data, superuser
):
    publish_english_change(superuser)
    french_v2 = publish_french(1, superuser)
    assert french_v2.translates.number == 1
    assert [status.translation for status in translations_behind()] == [french_v2]


def test_staff_without_the_notice_in_their_care_are_not_told(
    client, initial_data, superuser, communications
):
    publish_english_change(superuser)
    client.force_login(communications)
    assert PANEL not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_public_french_notice_names_the_english_version_it_translates(
    client, initial_data
):
    text = visible_text(client.get("/fr/privacy/").content.decode())
    assert "traduit la version 1 de la politique de référence en anglais" in text
    english = visible_text(client.get("/privacy/").content.decode())
    assert "translates version" not in english


def french_form_data(page, **extra):
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "body": streamfield([("paragraph", rich_text("<p>Texte court.</p>"))]),
        "change_summary": "Traduction mise à jour.",
        "comments": inline_formset([]),
        "action-publish": "1",
    }
    data.update(extra)
    return nested_form_data(data)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Choose the version of the reference notice that this text translates"),
        ("99", "Choose a published version of the reference notice."),
        ("x" * 5000, "Choose a published version of the reference notice."),
    ],
)
def test_publishing_a_translation_needs_the_version_it_translates(
    client, initial_data, dpo, value, message
):
    client.force_login(dpo)
    page = french_notice()
    response = client.post(
        edit_url(page), french_form_data(page, translates_version=value)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert NoticeVersion.objects.for_language("fr").count() == 1


def test_the_reference_notice_has_no_version_to_follow(client, initial_data, dpo):
    client.force_login(dpo)
    english = client.get(edit_url(english_notice())).content.decode()
    assert 'name="translates_version"' not in english
    french = client.get(edit_url(french_notice())).content.decode()
    assert 'name="translates_version"' in french
