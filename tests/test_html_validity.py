"""The W3C Nu HTML checker (vnu) finds no error on the site's public pages.

Every live page of the demo content, in both languages, the public views
around them, a form answered with its errors, the versions of the notice and
the error page are rendered by the real site and checked by ``vnu`` (npm's
``vnu-jar``, run with Java). ``make browser-deps`` installs both.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Page

from notice.publishing import publish_revision
from tests.notice_helpers import (
    MAILCHIMP,
    SHARING,
    english_notice,
    replace_in_paragraph,
)

VNU = (
    Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)

pytestmark = pytest.mark.django_db

VIEWS = [
    "/register/",
    "/my-data/",
    "/cookies/",
    "/privacy/request/",
    "/privacy/versions/",
    "/privacy/versions/1/",
    "/privacy/versions/2/changes/",
    "/search/?q=genome",
    "/no-such-page/",
]
# Forms sent empty: their answer shows every error message.
FORMS = ["/register/", "/my-data/", "/privacy/request/"]


def vnu_errors(documents, folder):
    """``vnu``'s errors, as ``(document, line, message)``, for each name → HTML."""
    java = shutil.which("java")
    assert VNU.exists() and java, "vnu or Java is missing: run `make browser-deps`"
    files = []
    for number, (name, html) in enumerate(documents.items()):
        path = folder / f"{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        files.append((str(path), name))
    names = dict(files)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *names],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    return [
        (
            names.get(message.get("url", "").removeprefix("file:"), message.get("url")),
            message.get("lastLine"),
            message["message"],
        )
        for message in messages
        if message["type"] == "error"
    ]


def published_second_version():
    draft = replace_in_paragraph(english_notice(), SHARING, f"{SHARING} {MAILCHIMP}")
    draft.change_summary = "Mailchimp is named."
    publish_revision(draft.save_revision())


def test_vnu_reports_a_real_error(tmp_path):
    """The checker runs and reads its answer: a broken document is caught."""
    errors = vnu_errors({"broken": "<!DOCTYPE html><html><body><p><div></p>"}, tmp_path)
    assert any(name == "broken" for name, _line, _message in errors)


def test_the_demo_pages_and_public_views_are_valid_html(client, initial_data, tmp_path):
    published_second_version()
    documents = {}
    for page in Page.objects.live().filter(depth__gt=1).specific():
        url = page.get_url()
        response = client.get(url)
        assert response.status_code == 200, url
        documents[url] = response.content.decode()
    for prefix in ("", "/fr"):
        for path in VIEWS:
            response = client.get(prefix + path)
            assert response.status_code in (200, 404), prefix + path
            documents[prefix + path] = response.content.decode()
        for path in FORMS:
            response = client.post(prefix + path, {})
            assert response.status_code in (200, 400), prefix + path
            documents[f"POST {prefix}{path}"] = response.content.decode()
    assert len(documents) > 2 * len(VIEWS)
    assert vnu_errors(documents, tmp_path) == []
