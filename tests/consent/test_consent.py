"""Cookie consent: declarations, choices without JavaScript, expiry, GPC, CSP."""

import datetime
import re

import pytest
import time_machine
from cookie_consent.models import Cookie, CookieGroup
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from consent import state as consent
from consent.catalogue import get_catalogue
from consent.models import ConsentRecord, CookieDetails
from notice.models import NoticeVersion, PrivacyNoticePage

pytestmark = pytest.mark.django_db


def choose(client, action, groups=(), **extra):
    data = {"action": action, "source": "banner", "next": "/about/"}
    if groups:
        data["groups"] = list(groups)
    return client.post("/cookies/", data, **extra)


def consent_cookie(client):
    return client.cookies[settings.COOKIE_CONSENT_NAME].value


def set_cookie_lines(response):
    return [morsel.OutputString() for morsel in response.cookies.values()]


def test_initial_data_declares_necessary_and_analytics_groups(initial_data):
    necessary = CookieGroup.objects.get(varname="necessary")
    analytics = CookieGroup.objects.get(varname="analytics")
    assert necessary.is_required and not analytics.is_required
    assert {c.name for c in necessary.cookie_set.all()} >= {
        "sessionid",
        "csrftoken",
        "django_language",
        settings.COOKIE_CONSENT_NAME,
    }
    ga = {c.name: c.details.lifetime for c in analytics.cookie_set.all()}
    assert ga == {"_ga": "13 months", "_ga_*": "13 months"}


def test_banner_offers_three_choices_on_every_page(client, initial_data):
    html = client.get("/about/").content.decode()
    banner = html[html.index('id="cookie-banner"') :]
    for label in ("Accept all", "Refuse all", "Choose"):
        assert f">{label}</button>" in banner
    assert 'role="switch"' in banner
    assert 'method="post" action="/cookies/"' in banner
    assert "csrfmiddlewaretoken" not in html


def test_consent_mode_defaults_are_the_first_script_in_head(client, initial_data):
    html = client.get("/").content.decode()
    head = html[: html.index("</head>")]
    scripts = re.findall(r"<script[^>]*>", head)
    assert "js/consent-mode.js" in scripts[0]
    assert "googletagmanager" not in html


def test_page_html_is_the_same_whether_or_not_the_visitor_has_chosen(
    client, initial_data
):
    from django.test import Client

    accepted, refused = Client(), Client()
    choose(accepted, "accept")
    choose(refused, "refuse")
    for visitor in (accepted, refused):
        visitor.get("/")  # shows, and so clears, the "choice saved" message
    pages = [Client().get("/about/") for _ in range(2)] + [
        c.get("/about/") for c in (accepted, refused)
    ]

    # One HTML for everyone: the banner is in it, closed, and the script opens
    # it only for a visitor without a valid choice.
    assert len({p.content for p in pages}) == 1
    assert 'id="cookie-banner"' in pages[0].content.decode()
    dialog = re.search(r"<dialog[^>]*>", pages[0].content.decode()).group(0)
    assert not re.search(r"\sopen[\s>=]", dialog)
    # The same caching headers, not varying on cookies, and no Set-Cookie that
    # a cache would refuse.
    headers = {(p.get("Vary"), p.get("Cache-Control")) for p in pages}
    assert len(headers) == 1
    assert "Cookie" not in (pages[0].get("Vary") or "")
    for page in pages:
        assert not page.cookies


def test_accept_all_without_javascript_records_and_returns_to_the_page(
    client, initial_data
):
    response = choose(client, "accept")
    assert response.status_code == 302
    assert response["Location"] == "/about/"
    assert "private" in response["Cache-Control"]
    record = ConsentRecord.objects.get()
    assert record.action == "accept"
    assert record.choices == {"necessary": True, "analytics": True}
    assert record.source == "banner"
    assert record.consent_id in consent_cookie(client)
    state = consent.read_state(client.get("/cookies/").wsgi_request)
    assert state.valid and state.accepted("analytics")


def test_refusal_holds_and_is_recorded(client, initial_data):
    choose(client, "refuse")
    record = ConsentRecord.objects.get()
    assert record.action == "refuse"
    assert record.choices == {"necessary": True, "analytics": False}
    request = client.get("/").wsgi_request
    state = consent.read_state(request)
    assert state.valid and not state.accepted("analytics")
    assert not consent.analytics_allowed(request)


def test_custom_choice_keeps_the_ticked_groups(client, initial_data):
    choose(client, "custom", groups=["analytics"])
    assert ConsentRecord.objects.get().action == "custom"
    assert consent.analytics_allowed(client.get("/").wsgi_request)


def test_choose_without_javascript_opens_the_settings_page(client, initial_data):
    response = choose(client, "choose")
    assert response["Location"] == "/cookies/"
    assert not ConsentRecord.objects.exists()


@override_settings(GOOGLE_ANALYTICS_ID="G-TEST1234")
def test_withdrawal_deletes_ga_cookies_on_the_host_and_parent_domains(
    client, initial_data
):
    host = {"HTTP_HOST": "www.microscope.example.org"}
    choose(client, "accept", **host)
    client.cookies["_ga"] = "GA1.1.1.1"
    client.cookies["_ga_TEST1234"] = "GS1.1.1"
    response = client.post(
        "/cookies/", {"action": "refuse", "source": "preferences"}, **host
    )
    records = list(ConsentRecord.objects.order_by("created_at", "pk"))
    assert [r.action for r in records] == ["accept", "withdraw"]
    assert records[0].consent_id == records[1].consent_id
    lines = set_cookie_lines(response)
    for name in ("_ga", "_ga_TEST1234"):
        expired = [line for line in lines if line.startswith(f'{name}="";')]
        domains = {
            m.group(1) if m else None
            for m in (re.search(r"Domain=([^;]+)", line) for line in expired)
        }
        assert domains == {
            None,
            ".www.microscope.example.org",
            ".microscope.example.org",
            ".example.org",
        }
        assert all("Max-Age=0" in line for line in expired)


def test_post_from_another_site_is_refused(client, initial_data):
    evil = choose(client, "accept", HTTP_ORIGIN="https://evil.example")
    assert evil.status_code == 403
    cross = choose(client, "accept", HTTP_SEC_FETCH_SITE="cross-site")
    assert cross.status_code == 403
    assert not ConsentRecord.objects.exists()
    same = choose(
        client,
        "accept",
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert same.status_code == 302


def test_fetch_from_the_banner_gets_the_new_state(client, initial_data):
    response = choose(client, "refuse", HTTP_ACCEPT="application/json")
    data = response.json()
    assert data["decided"] is True
    assert data["analytics"] is False
    assert data["consentId"] == ConsentRecord.objects.get().consent_id


def test_unknown_choice_shows_a_clear_error(client, initial_data):
    response = choose(client, "sell-my-soul")
    assert response.status_code == 400
    assert "This choice is not known." in response.content.decode()
    assert not ConsentRecord.objects.exists()
    unknown_group = choose(client, "custom", groups=["marketing"])
    assert unknown_group.status_code == 400
    assert "no longer exists" in unknown_group.content.decode()


def test_settings_page_shows_the_choice_and_its_reference(client, initial_data):
    choose(client, "refuse")
    page = client.get("/cookies/")
    html = page.content.decode()
    assert "You refused analytics cookies." in html
    assert ConsentRecord.objects.get().consent_id in html
    assert "private" in page["Cache-Control"]
    assert "<code>_ga</code>" in html


def test_settings_page_is_translated(client, initial_data):
    html = client.get("/fr/cookies/").content.decode()
    assert "Paramètres des cookies" in html
    assert "Tout accepter" in html and "Tout refuser" in html


def test_a_choice_lasts_six_months_then_is_asked_again(client, initial_data):
    start = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        choose(client, "accept")
    with time_machine.travel(start + datetime.timedelta(days=179), tick=False):
        assert consent.read_state(client.get("/").wsgi_request).valid
    with time_machine.travel(start + datetime.timedelta(days=180), tick=False):
        request = client.get("/").wsgi_request
        state = consent.read_state(request)
        assert state.status == consent.STATUS_EXPIRED
        assert not consent.analytics_allowed(request)
    assert settings.COOKIE_CONSENT_MAX_AGE == 180 * 24 * 3600


def test_a_refusal_lasts_as_long_as_a_consent(client, initial_data):
    start = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        choose(client, "refuse")
    with time_machine.travel(start + datetime.timedelta(days=179), tick=False):
        assert consent.read_state(client.get("/").wsgi_request).valid
    with time_machine.travel(start + datetime.timedelta(days=180), tick=False):
        state = consent.read_state(client.get("/").wsgi_request)
        assert state.status == consent.STATUS_EXPIRED


def publish_notice_version(number, material, when):
    notice = PrivacyNoticePage.objects.get(locale__language_code="en")
    return NoticeVersion.objects.create(
        page=notice,
        number=number,
        effective_at=when,
        material_change=material,
        revision=notice.latest_revision,
        sha256="0" * 64,
    )


def test_material_notice_change_asks_again_and_logs_the_expiry(client, initial_data):
    start = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        choose(client, "accept")
    later = start + datetime.timedelta(days=10)
    with time_machine.travel(later, tick=False):
        # Version 1 is the seed notice from load_initial_data.
        publish_notice_version(2, material=False, when=later)
        assert consent.read_state(client.get("/").wsgi_request).valid
        publish_notice_version(3, material=True, when=later)
        response = client.get("/")
        assert consent.read_state(response.wsgi_request).status == "stale"
    expired = ConsentRecord.objects.get(action="expired")
    assert expired.consent_id == ConsentRecord.objects.get(action="accept").consent_id
    assert expired.choices["analytics"] is False
    # The stale cookie was removed, so the expiry is written once.
    client.get("/")
    assert ConsentRecord.objects.filter(action="expired").count() == 1
    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
        choose(client, "refuse")
    assert ConsentRecord.objects.latest("created_at").notice_version == 3


def test_new_cookie_declaration_asks_again(client, initial_data):
    start = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        choose(client, "refuse")
        assert consent.read_state(client.get("/").wsgi_request).valid
    with time_machine.travel(start + datetime.timedelta(days=1), tick=False):
        Cookie.objects.create(
            cookiegroup=CookieGroup.objects.get(varname="analytics"), name="_gid"
        )
        state = consent.read_state(client.get("/").wsgi_request)
        assert state.status == consent.STATUS_STALE


def test_gpc_signal_is_recorded_as_a_refusal(client, initial_data):
    response = client.post(
        "/cookies/",
        {"action": "gpc", "source": "banner"},
        HTTP_SEC_GPC="1",
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["analytics"] is False
    assert "Global Privacy Control" in response.json()["message"]
    record = ConsentRecord.objects.get()
    assert (record.action, record.source, record.gpc) == ("gpc", "browser", True)
    assert record.choices["analytics"] is False
    page = client.get("/cookies/", HTTP_SEC_GPC="1").content.decode()
    assert "Global Privacy Control signal" in page


def test_gpc_is_refused_without_the_signal(client, initial_data):
    response = client.post("/cookies/", {"action": "gpc"})
    assert response.status_code == 400
    assert not ConsentRecord.objects.exists()


def test_explicit_choice_overrides_gpc(client, initial_data):
    gpc = {"HTTP_SEC_GPC": "1"}
    client.post("/cookies/", {"action": "gpc"}, HTTP_ACCEPT="application/json", **gpc)
    client.post("/cookies/", {"action": "accept", "source": "preferences"}, **gpc)
    request = client.get("/", **gpc).wsgi_request
    assert consent.analytics_allowed(request)
    latest = ConsentRecord.objects.latest("created_at")
    assert (latest.action, latest.gpc) == ("accept", True)
    # A later GPC signal does not undo the explicit choice.
    client.post("/cookies/", {"action": "gpc"}, HTTP_ACCEPT="application/json", **gpc)
    assert ConsentRecord.objects.count() == 2


def test_csp_names_no_google_host_when_analytics_is_off(client, initial_data, settings):
    settings.GOOGLE_ANALYTICS_ID = ""
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "google" not in policy
    assert "script-src 'self'" in policy


@override_settings(GOOGLE_ANALYTICS_ID="G-TEST1234")
def test_csp_allows_google_hosts_when_analytics_is_configured(client, initial_data):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in policy.split("; ") if part
    )
    assert "https://www.googletagmanager.com" in directives["script-src"]
    assert "https://*.google-analytics.com" in directives["connect-src"]
    assert "unsafe-inline" not in policy
    html = client.get("/").content.decode()
    assert 'data-ga-id="G-TEST1234"' in html
    assert "googletagmanager" not in html


def test_notice_cookie_table_follows_the_declarations(client, initial_data):
    html = client.get("/privacy/").content.decode()
    table = html[html.index('class="cookie-table"') :]
    assert "<code>_ga</code>" in table and "13 months" in table
    assert "Optional: only with your consent" in table
    ga = CookieDetails.objects.get(cookie__name="_ga")
    ga.lifetime = "12 months"
    ga.save()
    assert "12 months" in client.get("/privacy/").content.decode()
    # Every sentence of the seed section stays before the table.
    cookies_section = html[
        html.index("Cookies and analytics") : html.index('class="cookie-table"')
    ]
    assert "manage sessions" in cookies_section
    assert "Google Analytics as a third-party analytics" in cookies_section


def test_analytics_cookies_match_by_exact_name_and_by_prefix(initial_data):
    patterns = get_catalogue().analytics_cookie_names()
    assert set(patterns) == {"_ga", "_ga_*"}
    assert consent.matches("_ga", patterns)
    assert consent.matches("_ga_TEST1234", patterns)
    assert not consent.matches("_gallery", patterns)
