"""What every visitor finds from any page, in English and in French: sign-up,
the newsletter, Manage my data, the legal notice and the accessibility
statement with its status."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, rich_text

from home.legal import (
    AccessibilityStatementPage,
    LegalNoticePage,
    footer_legal_links,
)
from home.navigation import Navigation

pytestmark = pytest.mark.django_db

LANGUAGES = [("en", "/"), ("fr", "/fr/")]


def footer(html):
    return html[html.index("<footer") : html.index("</footer>")]


def hrefs(html):
    return set(re.findall(r'href="([^"]+)"', html))


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_home_page_leads_to_sign_up_newsletter_and_my_data(
    client, initial_data, language, prefix
):
    html = client.get(prefix).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    links = hrefs(main)
    assert f"{prefix}register/" in links
    assert f"{prefix}register/#id_newsletter" in links
    assert "/newsletters/" in links
    assert f"{prefix}my-data/" in links


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
@pytest.mark.parametrize("page", ["", "about/", "privacy/", "legal-notice/"])
def test_footer_of_every_page_reaches_what_a_visitor_needs(
    client, initial_data, language, prefix, page
):
    links = hrefs(footer(client.get(f"{prefix}{page}").content.decode()))
    for path in (
        "register/",
        "my-data/",
        "cookies/",
        "privacy/",
        "legal-notice/",
        "accessibility/",
    ):
        assert f"{prefix}{path}" in links, path
    assert "/newsletters/" in links


def test_legal_pages_exist_in_both_languages_as_translations(initial_data):
    for model in (LegalNoticePage, AccessibilityStatementPage):
        pages = model.objects.live().order_by("locale__language_code")
        assert [p.locale.language_code for p in pages] == ["en", "fr"]
        assert pages[0].translation_key == pages[1].translation_key
    french = LegalNoticePage.objects.get(locale__language_code="fr")
    assert french.title == "Mentions légales"
    assert "Commissariat à l’énergie atomique" in french.publisher
    assert "25 rue Leblanc" in french.publisher_address


def test_a_second_run_creates_no_legal_page_navigation_or_image(initial_data):
    from wagtail.images.models import Image

    before = (
        LegalNoticePage.objects.count(),
        AccessibilityStatementPage.objects.count(),
        Navigation.objects.count(),
        Image.objects.count(),
    )
    call_command("load_initial_data", stdout=io.StringIO())
    after = (
        LegalNoticePage.objects.count(),
        AccessibilityStatementPage.objects.count(),
        Navigation.objects.count(),
        Image.objects.count(),
    )
    assert before == after == (2, 2, 2, 1)


def test_footer_states_the_accessibility_status(client, initial_data):
    html = footer(client.get("/").content.decode())
    assert '<a href="/accessibility/">Accessibility: partially compliant</a>' in html
    french = footer(client.get("/fr/").content.decode())
    assert '<a href="/fr/accessibility/">' in french
    assert '<a href="/fr/legal-notice/">Mentions légales</a>' in french


def test_statement_page_shows_status_audit_and_the_right_to_complain(
    client, initial_data
):
    html = client.get("/accessibility/").content.decode()
    assert "partially compliant" in html
    assert "62.50 %" in html
    assert "https://formulaire.defenseurdesdroits.fr/" in html
    assert "Libre réponse 71120" in html
    french = client.get("/fr/accessibility/").content.decode()
    assert "Défenseur des droits" in french
    assert "ne pas mettre de timbre" in french


def test_legal_notice_names_publisher_director_and_host(client, initial_data):
    html = client.get("/legal-notice/").content.decode()
    for text in (
        "Commissariat à l’énergie atomique",
        "75015 Paris",
        "Director of publication",
        "Host",
        "+33 1 60 87 25 00",
    ):
        assert text in html


def test_publishing_a_new_status_changes_every_footer(client, initial_data):
    client.get("/")
    statement = AccessibilityStatementPage.objects.get(locale__language_code="en")
    statement.conformance_status = "full"
    statement.audited_rate = 100
    statement.save_revision().publish()
    html = footer(Client().get("/about/").content.decode())
    assert "Accessibility: fully compliant" in html


def test_the_footer_status_costs_no_query_once_read(
    rf, initial_data, django_assert_num_queries
):
    request = rf.get("/")
    with translation.override("en"):
        first = footer_legal_links(request)
        with django_assert_num_queries(0):
            again = footer_legal_links(request)
    assert again == first
    assert first["status"] == "partial"


@pytest.mark.parametrize("page", ["", "about/", "privacy/", "accessibility/"])
def test_french_pages_show_french_navigation_and_footer_labels(
    client, initial_data, page
):
    html = client.get(f"/fr/{page}").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert "Plateforme d’annotation et d’analyse de génomes microbiens" in header
    assert ">À propos de MicroScope<" in header
    footer_html = footer(html)
    for label in (
        "Inscription",
        "Lettre d’information",
        "Gérer mes données",
        "Paramètres des cookies",
        "Politique de confidentialité",
    ):
        assert f">{label}<" in footer_html
    for english in ("Sign up", "Manage my data", "Cookie settings"):
        assert english not in footer_html


def test_english_pages_keep_english_labels(client, initial_data):
    html = client.get("/about/").content.decode()
    assert ">Manage my data<" in footer(html)
    assert "Gérer mes données" not in html


def test_a_language_without_navigation_falls_back_to_the_default_one(
    client, initial_data
):
    Navigation.objects.filter(locale__language_code="fr").delete()
    html = client.get("/fr/about/").content.decode()
    assert ">Manage my data<" in footer(html)
    assert 'href="/fr/my-data/"' in footer(html)


def test_a_second_navigation_in_one_language_is_refused(initial_data):
    french = Locale.objects.get(language_code="fr")
    extra = Navigation(locale=french, tagline="Autre")
    # In English whatever an earlier test left active (a request for a
    # French page leaves French active in this thread).
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            extra.full_clean()
        assert "already has its navigation" in str(error.value)


def test_editors_edit_the_navigation_of_each_language(client, editor, initial_data):
    client.force_login(editor)
    listing = client.get("/admin/snippets/home/navigation/?locale=fr")
    assert listing.status_code == 200
    french = Navigation.objects.get(locale__language_code="fr")
    form = client.get(f"/admin/snippets/home/navigation/edit/{french.pk}/")
    assert form.status_code == 200
    assert 'value="Plateforme d’annotation' in form.content.decode()


def statement_form(**overrides):
    data = {
        "title": "Accessibility statement",
        "slug": "accessibility-2",
        "conformance_status": "full",
        "audited_rate": "62.5",
        "audit_date": "2026-10-15",
        "audit_method": rich_text(""),
        "non_accessible_content": rich_text(""),
        "derogations": rich_text(""),
        "contact": rich_text("<p>Write to us.</p>"),
        "complaint": rich_text("<p>Défenseur des droits.</p>"),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_a_status_that_contradicts_the_rate_is_refused_in_the_editor(
    client, superuser, initial_data
):
    client.force_login(superuser)
    statement = AccessibilityStatementPage.objects.get(locale__language_code="en")
    response = client.post(
        f"/admin/pages/{statement.pk}/edit/",
        statement_form(slug="accessibility", **{"action-publish": "action-publish"}),
    )
    assert response.status_code == 200
    assert "does not match the audited rate" in response.content.decode()
    statement.refresh_from_db()
    assert statement.conformance_status == "partial"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"conformance_status": "partial"}, "audited_rate", "give its rate"),
        (
            {"conformance_status": "partial", "audited_rate": 70},
            "audit_date",
            "date of the audit",
        ),
        (
            {"conformance_status": "none", "audited_rate": 120},
            "audited_rate",
            "less than or equal to 100",
        ),
        (
            {"conformance_status": "none", "audited_rate": 80},
            "conformance_status",
            "does not match",
        ),
    ],
)
def test_statement_validation_says_what_is_wrong(fields, field, message):
    page = AccessibilityStatementPage(
        title="Statement",
        slug="statement",
        contact="<p>Write.</p>",
        complaint="<p>Complain.</p>",
        **fields,
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_a_non_compliant_site_without_audit_is_a_valid_statement():
    page = AccessibilityStatementPage(
        title="Statement",
        slug="statement",
        conformance_status="none",
        contact="<p>Write.</p>",
        complaint="<p>Complain.</p>",
    )
    page.full_clean(exclude=["path", "depth"])


def test_legal_notice_refuses_a_phone_that_is_not_one(client, superuser, initial_data):
    client.force_login(superuser)
    legal = LegalNoticePage.objects.get(locale__language_code="en")
    data = {
        "title": legal.title,
        "slug": legal.slug,
        "publisher": legal.publisher,
        "publisher_details": legal.publisher_details,
        "publisher_address": legal.publisher_address,
        "publisher_phone": "call us",
        "director": legal.director,
        "host": legal.host,
        "host_address": legal.host_address,
        "host_phone": "",
        "contact": rich_text("<p>Write to us.</p>"),
        "extra": rich_text(""),
        # Publishing, not saving a draft: a draft may leave required fields
        # empty.
        "action-publish": "action-publish",
    }
    response = client.post(f"/admin/pages/{legal.pk}/edit/", nested_form_data(data))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a telephone number" in html
    assert "This field is required" in html
