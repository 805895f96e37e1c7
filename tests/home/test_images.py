"""Uploaded images stay small enough to render inside a web request."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images.models import Image as WagtailImage

pytestmark = pytest.mark.django_db


def png(width, height):
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")


def upload(client, width, height):
    return client.post(
        "/admin/images/add/",
        {"title": "Upload", "file": png(width, height), "collection": 1},
    )


def test_an_image_over_40_megapixels_is_refused_with_a_message(
    client, editor, initial_data
):
    client.force_login(editor)
    response = upload(client, 7000, 7000)
    assert response.status_code == 200
    assert "pixels" in response.content.decode()
    assert not WagtailImage.objects.filter(title="Upload").exists()


def test_a_large_photograph_is_accepted(client, editor, initial_data):
    client.force_login(editor)
    response = upload(client, 6000, 4000)
    assert response.status_code == 302
    assert WagtailImage.objects.filter(title="Upload").count() == 1
