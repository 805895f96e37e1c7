"""Error reports leave the site without a visitor's address, name or form."""

import gzip
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.core import mail
from django.test import Client

from home.error_reports import MaskedAdminEmailHandler, init_sentry
from people import services

pytestmark = pytest.mark.django_db

ADDRESS = "ada.lovelace@example.org"
NAME = "Augusta Ada King"
FORM = {
    "full_name": NAME,
    "email": ADDRESS,
    "laboratory": "LABGeM",
    "country": "FR",
    "address": "2 rue Gaston Crémieux, Évry",
}


class FakeSentry(BaseHTTPRequestHandler):
    """Sentry's envelope endpoint: keeps what the SDK sends."""

    received = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append((self.path, body.decode("utf-8", "replace")))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_sentry():
    FakeSentry.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSentry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    init_sentry(
        dsn=f"http://public@127.0.0.1:{server.server_port}/42",
        environment="test",
        release="microscope@test",
    )
    yield FakeSentry.received
    sentry_sdk.get_client().close()
    sentry_sdk.init(dsn=None)
    server.shutdown()
    server.server_close()


@pytest.fixture
def failing_signup(monkeypatch):
    def register(**fields):
        raise RuntimeError(f"could not register {fields['email']} ({NAME})")

    monkeypatch.setattr(services, "register", register)


def events(received):
    """The event items of the envelopes Sentry received."""
    found = []
    for _path, body in received:
        lines = body.splitlines()
        for header, item in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                found.append(json.loads(item))
    return found


def test_an_error_while_handling_an_address_reaches_sentry_without_it(
    initial_data, fake_sentry, failing_signup
):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-id-that-is-a-secret"
    response = client.post("/register/", FORM)
    assert response.status_code == 500
    sentry_sdk.flush(timeout=10)

    reported = events(fake_sentry)
    assert len(reported) == 1
    event = reported[0]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert "[email]" in event["exception"]["values"][-1]["value"]
    assert event["environment"] == "test"
    assert event["release"] == "microscope@test"
    everything = json.dumps(fake_sentry)
    for secret in (ADDRESS, "ada.lovelace", "Gaston", "a-session-id-that-is-a-secret"):
        assert secret not in everything
    assert "/register/" in everything  # the report still says where it happened


def test_without_sentry_the_admins_email_names_no_one(
    initial_data, failing_signup, settings
):
    settings.ADMINS = [("On call", "oncall@example.org")]
    logger = logging.getLogger("django")
    # What the settings configure when ADMINS is set (see the next test).
    assert logger.handlers == []
    handler = MaskedAdminEmailHandler()
    logger.addHandler(handler)
    try:
        response = Client(raise_request_exception=False).post("/register/", FORM)
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 500
    assert len(mail.outbox) == 1
    report = mail.outbox[0]
    assert report.to == ["oncall@example.org"]
    assert "RuntimeError" in report.body
    for secret in (ADDRESS, "Gaston", "LABGeM"):
        assert secret not in report.subject
        assert secret not in report.body
    assert not report.alternatives  # no HTML page with the request in it


def test_admins_come_from_the_environment():
    import subprocess
    import sys

    from tests.test_settings import ROOT

    command = (
        "from django.conf import settings; print(settings.ADMINS); "
        "import logging; print(logging.getLogger('django').handlers)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", command],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "ADMINS": "On call <oncall@example.org>, dpo@example.org",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert "('On call', 'oncall@example.org')" in result.stdout
    assert "('dpo@example.org', 'dpo@example.org')" in result.stdout
    assert "<MaskedAdminEmailHandler (ERROR)>" in result.stdout
    assert "<AdminEmailHandler" not in result.stdout  # Django's unmasked one


def test_staff_avatars_are_not_fetched_from_gravatar(client, superuser):
    client.force_login(superuser)
    page = client.get("/admin/").content.decode()
    assert "gravatar" not in page.lower()
    assert "avatar" in page  # Wagtail's initials avatar is there instead


def test_sentry_starts_without_personal_data_nor_a_deprecated_option():
    """No personal data is the SDK's default: the site leaves out the
    ``send_default_pii`` option the SDK deprecates, and still sends none."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        init_sentry(dsn="http://public@127.0.0.1:9/42", environment="test", release="")
    try:
        assert not sentry_sdk.get_client().should_send_default_pii()
        assert not [w for w in caught if "send_default_pii" in str(w.message)]
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init(dsn=None)
