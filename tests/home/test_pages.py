"""Page-tree rules and rendering of every page type."""

import pytest
from django.conf import settings
from wagtail.models import Page, Site, get_page_models
from wagtail.test.utils import WagtailPageTestCase

from home.models import ContactPage, HomePage, StandardPage
from notice.models import PrivacyNoticePage
from tests.factories import PAGE_FACTORIES

pytestmark = pytest.mark.django_db

PROJECT_APPS = set(settings.PROJECT_APPS)


class PageTreeRules(WagtailPageTestCase):
    def test_home_page_goes_under_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_platform_pages_go_under_home_or_each_other(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(PrivacyNoticePage, StandardPage)

    def test_contact_page_has_no_children(self):
        self.assertAllowedSubpageTypes(ContactPage, set())

    def test_privacy_notice_lives_under_home_and_has_no_children(self):
        self.assertAllowedParentPageTypes(PrivacyNoticePage, {HomePage})
        self.assertAllowedSubpageTypes(PrivacyNoticePage, set())


def project_page_models():
    return [m for m in get_page_models() if m._meta.app_label in PROJECT_APPS]


def test_every_page_model_has_a_factory():
    missing = [m.__name__ for m in project_page_models() if m not in PAGE_FACTORIES]
    assert missing == []


class EveryPageRenders(WagtailPageTestCase):
    def test_each_page_type_renders_from_its_factory(self):
        root = Page.get_first_root_node()
        home = PAGE_FACTORIES[HomePage](parent=root, slug="factory-home")
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
        )
        for model, factory in PAGE_FACTORIES.items():
            page = home if model is HomePage else factory(parent=home)
            with self.subTest(model=model.__name__):
                self.assertPageIsRenderable(page)


def test_initial_pages_answer_200(client, initial_data):
    for path in ("/", "/about/", "/contact/", "/privacy/"):
        response = client.get(path)
        assert response.status_code == 200, path


def test_admin_redirects_to_login(client, initial_data):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_unknown_page_uses_the_site_404_template(client, initial_data):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "site-header" in response.content.decode()


def test_server_error_page_stands_alone():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "{%" not in html


def test_every_asset_is_served_by_the_site(client, initial_data):
    import re

    html = client.get("/privacy/").content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+\.(?:css|js|svg|png|woff2?))"', html)
    assert urls, "the page links its stylesheet"
    assert all(url.startswith("/") and not url.startswith("//") for url in urls)


@pytest.mark.parametrize(
    "path", ["/", "/contact/", "/privacy/", "/register/", "/cookies/", "/my-data/"]
)
def test_the_language_link_names_each_language_in_itself(client, initial_data, path):
    """One rule on every page: "Français" from English pages, "English" from
    French ones, never "French" or "Anglais"."""
    html = client.get(path).content.decode()
    assert ">Français</a>" in html
    assert ">French</a>" not in html
    french = client.get("/fr" + path).content.decode()
    assert ">English</a>" in french
    assert ">Anglais</a>" not in french
