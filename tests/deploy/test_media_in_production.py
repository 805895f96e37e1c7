"""Under `make serve` (gunicorn, production settings) editors' images are served."""

import io
import re
import urllib.error
import urllib.request

import pytest
from PIL import Image

from tests.deploy.conftest import publish_image_page


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_a_published_image_is_served_with_long_cache_headers(production_site):
    path = publish_image_page(production_site, "equipment")
    status, _, html = fetch(production_site.url + path)
    assert status == 200
    src = re.search(rb'<img[^>]+src="(/media/images/[^"]+)"', html).group(1)

    status, headers, body = fetch(production_site.url + src.decode())

    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert headers["Cache-Control"] == "public, max-age=86400"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(body)).size == (40, 30)


@pytest.mark.parametrize(
    "address", ["/media/", "/media/images/", "/media/images/../../manage.py"]
)
def test_no_listing_and_nothing_outside_the_image_folders(production_site, address):
    status, _, _ = fetch(production_site.url + address)
    assert status == 404
