"""Old Plone addresses of an item's views (image scales, downloads, /view)
lead to where the item went: an old URL never answers 404."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.images.models import Image

from news.models import NewsPage
from plone.middleware import SCALES
from plone.models import PloneObject

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def imported(initial_data):
    call_command("import_plone", str(FIXTURES / "exportimport"), stdout=io.StringIO())


@pytest.fixture
def logo(imported):
    return Image.objects.get(title="Platform logo")


@pytest.mark.parametrize(
    ("old", "scale"),
    [
        ("/en/platform/logo.png/@@images/image/preview", "preview"),
        ("/en/platform/logo.png/@@images/image/thumb", "thumb"),
        ("/en/platform/logo.png/image_large", "large"),
        ("/en/platform/logo.png/image_mini", "mini"),
    ],
)
def test_an_image_scale_redirects_to_a_rendition(client, logo, old, scale):
    response = client.get(old)
    assert response.status_code == 302
    rendition = logo.renditions.get(filter_spec=SCALES[scale])
    assert response["Location"] == rendition.url


@pytest.mark.parametrize(
    "old",
    [
        "/en/platform/logo.png/@@images/image",
        "/en/platform/logo.png/@@images/image-800-0123abcd.png",
        "/en/platform/logo.png/image",
        "/en/platform/logo.png/image_nosuchscale",
        "/en/platform/logo.png/@@download/image/logo.png",
        "/en/platform/logo.png/view",
    ],
)
def test_an_image_view_or_unknown_scale_redirects_to_the_original(client, logo, old):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == logo.file.url


@pytest.mark.parametrize(
    "old",
    [
        "/en/platform/guide.pdf/@@download/file",
        "/en/platform/guide.pdf/@@download/file/guide.pdf",
        "/en/platform/guide.pdf/at_download/file",
        "/en/platform/guide.pdf/view",
        "/en/platform/guide.pdf/@@display-file/file",
    ],
)
def test_a_file_download_redirects_to_the_document(client, imported, old):
    guide = Document.objects.get(title="User guide")
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == guide.url


@pytest.mark.parametrize(
    ("old", "uid"),
    [
        ("/en/platform/welcome/view", "doc-welcome"),
        # The demo's news holds /news/: the imported folder is /news-2/.
        ("/en/news/release/@@view", "news-release"),
    ],
)
def test_a_page_view_redirects_to_the_page(client, imported, old, uid):
    page = PloneObject.objects.get(uid=uid).target
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == page.url


def test_a_news_item_image_scale_redirects_to_its_lead_image(client, imported):
    lead = NewsPage.objects.get(slug="release").image
    response = client.get("/en/news/release/@@images/image/preview")
    assert response.status_code == 302
    assert response["Location"] == lead.renditions.get(filter_spec="max-400x400").url


def test_a_view_of_an_old_absolute_address_follows_its_redirect(client, initial_data):
    call_command("import_plone", str(FIXTURES / "collective"), stdout=io.StringIO())
    picture = Image.objects.get(title="A picture")
    response = client.get("/Plone/docs/pic.png/@@images/image/preview")
    assert response.status_code == 302
    assert response["Location"] == picture.file.url
    assert client.get("/docs/pic.png/image_thumb").status_code == 302


@pytest.mark.parametrize(
    "old",
    [
        "/en/nothing-here/@@images/image/preview",
        "/en/nothing-here/view",
        "/en/platform/logo.png/@@edit",
    ],
)
def test_a_view_of_nothing_imported_is_still_404(client, imported, old):
    # (Django first adds the missing slash: the address it leads to is 404.)
    assert client.get(old, follow=True).status_code == 404
