"""No banner when no optional cookie can be set; the settings page says so."""

import pytest
from cookie_consent.models import Cookie, CookieGroup
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

NOTHING_TO_CHOOSE = "so there is nothing to choose"


def has_banner(response):
    return 'id="cookie-banner"' in response.content.decode()


def assert_nothing_asked(client):
    for path in ("/", "/about/", "/privacy/"):
        page = client.get(path)
        assert page.status_code == 200
        assert not has_banner(page)
        # Every visitor gets the same page: it does not depend on cookies.
        assert "Cookie" not in page.get("Vary", "")
    settings_page = client.get("/cookies/")
    html = settings_page.content.decode()
    assert settings_page.status_code == 200
    assert NOTHING_TO_CHOOSE in html
    assert 'class="cookie-preferences"' not in html
    # The list of cookies is still there.
    assert "<code>sessionid</code>" in html


def test_no_banner_when_google_analytics_is_not_configured(
    client, initial_data, settings
):
    settings.GOOGLE_ANALYTICS_ID = ""
    assert CookieGroup.objects.filter(varname="analytics").exists()
    assert_nothing_asked(client)


def test_no_banner_when_no_optional_group_is_declared(client, initial_data):
    assert django_settings.GOOGLE_ANALYTICS_ID
    CookieGroup.objects.filter(is_required=False).delete()
    assert_nothing_asked(client)


def test_another_optional_group_is_asked_about_without_analytics(
    client, initial_data, settings
):
    settings.GOOGLE_ANALYTICS_ID = ""
    videos = CookieGroup.objects.create(
        varname="videos", name="Videos", is_required=False, ordering=20
    )
    Cookie.objects.create(cookiegroup=videos, name="video_session")
    assert has_banner(client.get("/"))
    html = client.get("/cookies/").content.decode()
    assert NOTHING_TO_CHOOSE not in html
    assert 'class="cookie-preferences"' in html


def test_banner_asks_when_google_analytics_is_configured(client, initial_data):
    assert django_settings.GOOGLE_ANALYTICS_ID
    page = client.get("/")
    assert has_banner(page)
    # The banner is in every visitor's page: the page still does not vary.
    assert "Cookie" not in page.get("Vary", "")
