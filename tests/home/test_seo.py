"""What search engines and link previews read."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page

from home.models import SiteSettings, StandardPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory

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
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    french = client.get("/fr/privacy/").content.decode()
    assert '<link rel="canonical" href="http://localhost/fr/privacy/">' in french


def test_a_page_without_translation_has_no_alternates(client, initial_data):
    html = client.get("/newsletters/").content.decode()
    assert '<link rel="canonical"' in html
    assert "hreflang" not in html


def png(colour="teal", size=(1600, 900)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return ImageFile(buffer, name=f"{colour}.png")


def og_image(html):
    found = re.search(r'<meta property="og:image" content="([^"]+)">', html)
    return found and found.group(1)


def test_every_page_type_has_its_canonical_alternates_and_share_card(
    client, initial_data
):
    default = SiteSettings.for_site(initial_data).default_share_image
    assert default is not None  # load_initial_data sets the demo illustration
    types = set()
    for page in Page.objects.live().filter(depth__gt=1).specific():
        html = client.get(page.url).content.decode()
        types.add(type(page).__name__)
        assert f'<link rel="canonical" href="{page.full_url}">' in html, page.url
        assert '<meta property="og:title"' in html, page.url
        assert og_image(html).startswith("http://localhost/"), page.url
        assert '<meta name="twitter:card" content="summary_large_image">' in html
        if page.get_translations().live().exists():
            assert 'hreflang="x-default"' in html, page.url
    assert {
        "HomePage",
        "StandardPage",
        "ContactPage",
        "PrivacyNoticePage",
        "LegalNoticePage",
        "AccessibilityStatementPage",
        "NewsletterIndexPage",
        "NewsIndexPage",
        "NewsPage",
        "EventIndexPage",
        "EventPage",
    } <= types


def test_a_page_share_image_wins_over_the_site_default(client, initial_data):
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    default_card = og_image(client.get("/about/").content.decode())
    own = get_image_model().objects.create(title="Team photo", file=png("navy"))
    about.share_image = own
    about.save_revision().publish()
    html = client.get("/about/").content.decode()
    card = og_image(html)
    assert card != default_card
    assert own.get_rendition("fill-1200x630").url in card
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:alt" content="Team photo">' in html


def test_a_news_page_shares_its_own_image(client, initial_data, home_page):
    news = NewsIndexPageFactory(parent=home_page, slug="press")
    photo = get_image_model().objects.create(title="Sequencer", file=png("olive"))
    NewsPageFactory(parent=news, slug="release", title="Release", image=photo)
    card = og_image(client.get("/press/release/").content.decode())
    assert photo.get_rendition("fill-1200x630").url in card


def test_without_any_image_the_card_is_a_plain_summary(client, initial_data):
    site_settings = SiteSettings.for_site(initial_data)
    site_settings.default_share_image = None
    site_settings.save()
    html = client.get("/about/").content.decode()
    assert og_image(html) is None
    assert '<meta name="twitter:card" content="summary">' in html
