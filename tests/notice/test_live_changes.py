"""What the notice shows live is changed by the DPO only, and becomes a version."""

import pytest
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data

from home.models import ContactPage, SiteSettings
from notice.models import NoticeVersion
from retention.models import RetentionSettings
from tests.notice_helpers import english_notice

pytestmark = pytest.mark.django_db


def site_settings():
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def settings_url():
    site = Site.objects.get(is_default_site=True)
    return f"/admin/settings/home/sitesettings/{site.pk}/"


def post_settings(client, **fields):
    current = site_settings()
    data = {
        "platform_name": current.platform_name,
        "dpo_email": current.dpo_email,
        "dpo_postal_address": current.dpo_postal_address,
        "team_email": current.team_email,
    }
    data.update(fields)
    return client.post(settings_url(), nested_form_data(data))


def test_an_editor_sees_and_changes_no_contact_address(client, editor, initial_data):
    client.force_login(editor)
    form = client.get(settings_url()).content.decode()
    assert 'name="platform_name"' in form
    assert 'name="dpo_email"' not in form
    assert 'name="team_email"' not in form
    post_settings(client, dpo_email="attacker@example.org", team_email="x@example.org")
    assert site_settings().dpo_email == "dpo@example.org"
    assert site_settings().team_email != "x@example.org"


def test_the_dpo_changes_the_dpo_address_and_the_notice_gets_a_version(
    client, dpo, initial_data, django_capture_on_commit_callbacks
):
    client.force_login(dpo)
    assert 'name="dpo_email"' in client.get(settings_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_settings(client, dpo_email="new-dpo@example.org")
    assert response.status_code == 302
    notice = english_notice()
    version = NoticeVersion.objects.filter(page=notice).in_force("en")
    assert version.number == 2
    assert version.change_summary == "The data protection officer's contact changed."
    assert version.material_change is False
    assert "new-dpo@example.org" in version.html
    live = client.get("/privacy/").content.decode()
    assert "new-dpo@example.org" in live
    french = NoticeVersion.objects.filter(page__locale__language_code="fr")
    assert french.in_force("fr").number == 2
    assert "délégué" in french.in_force("fr").change_summary


def test_saving_settings_that_the_notice_does_not_show_makes_no_version(
    initial_data, django_capture_on_commit_callbacks
):
    current = site_settings()
    current.platform_name = "MicroScope platform"
    with django_capture_on_commit_callbacks(execute=True):
        current.save()
    assert NoticeVersion.objects.filter(number=2).count() == 0


def test_a_new_retention_period_is_a_new_version(
    initial_data, django_capture_on_commit_callbacks
):
    periods = RetentionSettings.current()
    periods.visitor_log_months = 6
    with django_capture_on_commit_callbacks(execute=True):
        periods.save()
    version = NoticeVersion.objects.filter(page=english_notice()).in_force("en")
    assert version.number == 2
    assert version.change_summary == "The retention periods changed."
    assert "6 months" in version.html


def test_an_editor_cannot_change_where_contact_messages_go(
    client, editor, initial_data
):
    contact = ContactPage.objects.get(locale__language_code="en")
    client.force_login(editor)
    form = client.get(f"/admin/pages/{contact.pk}/edit/").content.decode()
    assert 'name="to_address"' not in form
    assert 'name="from_address"' not in form


def test_a_new_cookie_declaration_is_a_new_version(
    initial_data, django_capture_on_commit_callbacks
):
    from cookie_consent.models import Cookie, CookieGroup

    analytics = CookieGroup.objects.get(varname="analytics")
    with django_capture_on_commit_callbacks(execute=True):
        Cookie.objects.create(
            cookiegroup=analytics, name="_gid", description="A new cookie."
        )
    version = NoticeVersion.objects.filter(page=english_notice()).in_force("en")
    assert version.number == 2
    assert version.change_summary == "The cookie declarations changed."
    assert "_gid" in version.html
