"""What search engines and link previews read."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_the_sitemap_lists_the_pages_in_both_languages(client, initial_data):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = set(re.findall(r"<loc>([^<]+)</loc>", response.content.decode()))
    assert "http://localhost/privacy/" in locations
    assert "http://localhost/fr/privacy/" in locations
    assert "http://localhost/about/" in locations
    assert not any("/admin" in url for url in locations)


def test_robots_txt_keeps_crawlers_out_of_personal_pages(client, initial_data):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    for path in ("/admin/", "/my-data/", "/fr/my-data/", "/register/confirm/"):
        assert f"Disallow: {path}\n" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_the_icons_answer(client):
    for path, name, kind in (
        ("/favicon.ico", "favicon.ico", "image/x-icon"),
        ("/apple-touch-icon.png", "apple-touch-icon.png", "image/png"),
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"] == kind
        body = b"".join(response.streaming_content)
        assert body == (ROOT / "static" / "img" / name).read_bytes()


def test_the_web_manifest_names_the_site_and_its_icons(client, initial_data):
    response = client.get("/site.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "MicroScope"
    assert {icon["type"] for icon in manifest["icons"]} == {
        "image/svg+xml",
        "image/png",
    }
    assert '<link rel="manifest" href="/site.webmanifest">' in (
        client.get("/").content.decode()
    )


def test_the_sitemap_gives_each_page_its_translations(client, initial_data):
    xml = client.get("/sitemap.xml").content.decode()
    entry = xml[xml.index("<loc>http://localhost/privacy/</loc>") :]
    entry = entry[: entry.index("</url>")]
    assert 'hreflang="en" href="http://localhost/privacy/"' in entry
    assert 'hreflang="fr" href="http://localhost/fr/privacy/"' in entry
    about = xml[xml.index("<loc>http://localhost/about/</loc>") :]
    assert 'hreflang="fr" href="http://localhost/fr/about/"' in about
    alone = xml[xml.index("<loc>http://localhost/newsletters/</loc>") :]
    assert "hreflang" not in alone[: alone.index("</url>")]


def test_a_page_names_its_canonical_address_and_its_translations(client, initial_data):
    html = client.get("/privacy/").content.decode()
    assert '<link rel="canonical" href="http://localhost/privacy/">' in html
    assert (
        '<link rel="alternate" hreflang="en" href="http://localhost/privacy/">' in html
    )
    assert (
        '<link rel="alternate" hreflang="fr" href="http://localhost/fr/privacy/">'
        in html
    )
    assert 'hreflang="x-default" href="http://localhost/privacy/"' in html
    assert '<meta property="og:title"' in html
    assert '<meta name="twitter:card" content="summary">' in html
    french = client.get("/fr/privacy/").content.decode()
    assert '<link rel="canonical" href="http://localhost/fr/privacy/">' in french


def test_a_page_without_translation_has_no_alternates(client, initial_data):
    html = client.get("/newsletters/").content.decode()
    assert '<link rel="canonical"' in html
    assert "hreflang" not in html
