"""Through the real Varnish (deploy/varnish/default.vcl) in front of the real site:
public pages are shared, personal ones never, publications show at once."""

import http.client
import re
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit

from tests.deploy.conftest import publish_image_page

GA_COOKIES = (
    "_ga=GA1.1.1234567890.1700000000; "
    "_ga_TEST1234=GS1.1.1700000000.1.0.1700000000.0.0.0"
)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, cookies="", data=None, headers=None):
    """One request; cookies are sent by hand, since the production cookies are
    Secure and this is plain HTTP on loopback."""
    request = urllib.request.Request(  # noqa: S310 - http on loopback
        url, data=data, headers=dict(headers or {})
    )
    if cookies:
        request.add_header("Cookie", cookies)
    try:
        with OPENER.open(request, timeout=20) as response:
            return (
                response.status,
                response.headers,
                response.read().decode(errors="replace"),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def cookies_set(headers):
    return "; ".join(
        value.split(";", 1)[0] for value in headers.get_all("Set-Cookie") or []
    )


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def eventually(check, timeout=20):
    """Poll until ``check()`` is true; the purge travels through the task queue."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_a_public_page_is_shared_whatever_the_consent_and_analytics_cookies(varnish):
    fetch(f"{varnish}/privacy/")
    newcomer = fetch(f"{varnish}/privacy/")
    accepted = fetch(
        f"{varnish}/privacy/",
        cookies="cookie_consent=analytics=1700000000000; " + GA_COOKIES,
    )
    other = fetch(f"{varnish}/privacy/", cookies="unknown=1")

    for status, headers, _ in (newcomer, accepted, other):
        assert status == 200
        assert headers["X-Cache"] == "HIT"
        assert "public" in headers["Cache-Control"]
    assert newcomer[2] == accepted[2] == other[2]


def test_a_page_with_a_form_is_never_served_to_another_client(varnish):
    first = fetch(f"{varnish}/contact/")
    second = fetch(f"{varnish}/contact/")
    assert first[0] == second[0] == 200
    assert second[1]["X-Cache"] == "MISS"
    assert "private" in second[1]["Cache-Control"]
    assert csrf_token(first[2]) != csrf_token(second[2])


def test_a_message_is_never_served_to_another_client(varnish):
    status, headers, _ = fetch(
        f"{varnish}/cookies/",
        data=urlencode(
            {"action": "refuse", "source": "banner", "next": "/about/"}
        ).encode(),
        headers={"Origin": varnish, "Sec-Fetch-Site": "same-origin"},
    )
    assert status == 302, status
    chooser = cookies_set(headers)
    assert "messages=" in chooser

    status, headers, html = fetch(f"{varnish}/about/", cookies=chooser)
    assert status == 200
    assert "Your cookie choice has been saved." in html
    assert headers["X-Cache"] == "MISS"
    assert "private" in headers["Cache-Control"]

    for _ in range(2):
        _, headers, html = fetch(f"{varnish}/about/")
        assert "Your cookie choice has been saved." not in html


def publish_title(site, slug, title):
    site.manage(
        "shell",
        "-v",
        "0",
        code=(
            "from wagtail.models import Page;"
            f"page = Page.objects.get(slug={slug!r}, "
            "locale__language_code='en').specific;"
            f"page.title = {title!r};"
            "page.save_revision().publish()"
        ),
    )


def test_a_publication_is_purged_from_varnish(varnish, production_site):
    fetch(f"{varnish}/about/")
    assert fetch(f"{varnish}/about/")[1]["X-Cache"] == "HIT"

    publish_title(production_site, "about", "About the platform, revised")

    # Cached for s-maxage (60 s) otherwise: only the purge shows it sooner.
    assert eventually(
        lambda: "About the platform, revised" in fetch(f"{varnish}/about/")[2]
    )


def test_a_settings_change_bans_every_page(varnish, production_site):
    fetch(f"{varnish}/privacy/")
    assert fetch(f"{varnish}/privacy/")[1]["X-Cache"] == "HIT"

    production_site.manage(
        "shell",
        "-v",
        "0",
        code=(
            "from wagtail.models import Site; from home.models import SiteSettings;"
            "s = SiteSettings.for_site(Site.objects.get(is_default_site=True));"
            "s.platform_name = 'MicroScope Platform Renamed'; s.save()"
        ),
    )

    assert eventually(
        lambda: "MicroScope Platform Renamed" in fetch(f"{varnish}/privacy/")[2]
    )


def test_an_image_is_served_and_cached_through_varnish(varnish, production_site):
    path = publish_image_page(production_site, "equipment-behind-proxy")
    assert eventually(lambda: fetch(f"{varnish}{path}")[0] == 200)
    html = fetch(f"{varnish}{path}")[2]
    src = re.search(r'<img[^>]+src="(/media/images/[^"]+)"', html).group(1)
    first = fetch(f"{varnish}{src}")
    second = fetch(f"{varnish}{src}")
    assert first[0] == second[0] == 200
    assert second[1]["Content-Type"] == "image/png"
    assert second[1]["X-Content-Type-Options"] == "nosniff"
    assert second[1]["X-Cache"] == "HIT"


def request_from(address, url, method):
    """A request whose source is ``address``, another loopback address than the
    ones the VCL trusts to purge."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=10, source_address=(address, 0)
    )
    try:
        connection.request(method, "/privacy/")
        return connection.getresponse().status
    finally:
        connection.close()


def test_purge_and_ban_are_accepted_from_this_machine_only(varnish):
    assert request_from("127.0.0.2", varnish, "PURGE") == 405
    assert request_from("127.0.0.2", varnish, "BAN") == 405
    fetch(f"{varnish}/privacy/")
    assert fetch(f"{varnish}/privacy/")[1]["X-Cache"] == "HIT"
    assert request_from("127.0.0.1", varnish, "PURGE") == 200
    assert fetch(f"{varnish}/privacy/")[1]["X-Cache"] == "MISS"
