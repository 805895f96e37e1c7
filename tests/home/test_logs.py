"""No secret and no personal data in the logs, tracebacks and access log included."""

import io
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from home.logging import AccessLogger, PersonalDataFilter, PersonalDataFormatter

TOKEN = "eyJzZWNyZXQiOiJ0b2tlbiJ9:1tXyZa:SiGnAtUrEsEcReT"


@pytest.fixture
def log_output():
    """The project's filter and formatter on a handler of the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(PersonalDataFormatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/register/confirm/{TOKEN}/",
        f"/fr/register/confirm/{TOKEN}/",
        f"/my-data/open/{TOKEN}/",
        f"/newsletter/mailchimp/webhook/{TOKEN}/",
    ],
)
def test_django_request_lines_mask_tokens_and_the_webhook_secret(
    client, initial_data, log_output, path, settings
):
    settings.MAILCHIMP_WEBHOOK_SECRET = "another-secret"
    response = client.get(path)
    assert response.status_code >= 400
    logged = log_output.getvalue()
    assert "django.request" in logged
    assert TOKEN not in logged
    assert "[secret]" in logged


def test_a_database_error_in_a_traceback_names_no_one(log_output):
    detail = (
        'duplicate key value violates unique constraint "person_email_ci_unique"\n'
        "DETAIL:  Key (lower(email::text))=(ada.lovelace@example.org) already exists."
    )
    try:
        raise RuntimeError(detail)
    except RuntimeError:
        logging.getLogger("django.request").exception("Internal Server Error: /x/")
    logged = log_output.getvalue()
    assert "Traceback" in logged
    assert "ada.lovelace" not in logged
    assert "Key (lower(email::text))=([value]) already exists" in logged


def test_a_name_in_a_unique_key_is_masked_too(log_output):
    try:
        raise RuntimeError("DETAIL:  Key (full_name)=(Ada Lovelace) already exists.")
    except RuntimeError:
        logging.getLogger("x").exception("Failed")
    assert "Ada Lovelace" not in log_output.getvalue()


def test_the_gunicorn_access_log_masks_secrets_in_the_path():
    logger = AccessLogger(Config())
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"/newsletter/mailchimp/webhook/{TOKEN}/?a=1",
        "PATH_INFO": f"/newsletter/mailchimp/webhook/{TOKEN}/",
        "QUERY_STRING": "email=ada@example.org",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://site.example/my-data/open/{TOKEN}/",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    for key in ("r", "U", "q", "f"):
        assert TOKEN not in atoms[key]
        assert "ada@example.org" not in atoms[key]
    assert atoms["U"] == "/newsletter/mailchimp/webhook/[secret]/"
