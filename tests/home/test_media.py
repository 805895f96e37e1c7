"""Uploaded images are served by the site itself, safely, with DEBUG off."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images.models import Image as WagtailImage

from home.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.DEBUG = False
    return tmp_path


def png_upload(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_an_uploaded_image_on_a_published_page_is_served_with_cache_headers(
    client, editor, home_page
):
    client.force_login(editor)
    response = client.post(
        "/admin/images/add/",
        {"title": "Microscope", "file": png_upload(), "collection": 1},
    )
    assert response.status_code == 302
    image = WagtailImage.objects.get(title="Microscope")
    page = StandardPage(
        title="Equipment",
        slug="equipment",
        body=json.dumps(
            [
                {
                    "type": "image",
                    "value": {"image": image.pk, "alt_text": "A microscope"},
                }
            ]
        ),
    )
    home_page.add_child(instance=page)
    page.save_revision(user=editor).publish()
    client.logout()

    html = client.get("/equipment/").content.decode()
    src = re.search(r'<img[^>]+src="(/media/images/[^"]+)"', html).group(1)
    response = client.get(src)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    body = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(body)).size == (40, 30)
    assert "Last-Modified" in response
    again = client.get(src, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def write(media_root, relative, content=b"\x89PNG\r\n"):
    path = media_root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_head_is_answered_without_a_body(client, media_root):
    write(media_root, "original_images/a.png")
    response = client.head("/media/original_images/a.png")
    assert response.status_code == 200
    assert response["Content-Length"] == "6"


@pytest.mark.parametrize(
    "address",
    [
        "/media/documents/report.pdf",  # private collections go through Wagtail
        "/media/secret.png",  # not in an image folder
        "/media/images/",  # no listing
        "/media/images",
        "/media/images/../secret.png",
        "/media/images/%2e%2e/secret.png",
        "/media/images/..%2fsecret.png",
        "/media/images/.hidden.png",
        "/media/images//a.png",
        "/media/images/notes.txt",  # not an image
        "/media/images/page.html",
        "/media/images/missing.png",
        "/media/images/a.png%00.txt",
    ],
)
def test_only_image_files_in_the_image_folders_are_served(client, media_root, address):
    write(media_root, "images/a.png")
    write(media_root, "secret.png")
    write(media_root, "documents/report.pdf", b"%PDF-1.4")
    write(media_root, "images/.hidden.png")
    write(media_root, "images/notes.txt", b"notes")
    write(media_root, "images/page.html", b"<script>alert(1)</script>")
    assert client.get(address).status_code == 404


def test_a_post_is_refused(client, media_root):
    write(media_root, "images/a.png")
    assert client.post("/media/images/a.png").status_code == 405


def test_media_cache_lifetime_comes_from_the_setting(client, media_root, settings):
    settings.MEDIA_CACHE_SECONDS = 60
    write(media_root, "images/a.png")
    assert client.get("/media/images/a.png")["Cache-Control"] == "public, max-age=60"
