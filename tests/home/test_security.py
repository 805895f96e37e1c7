"""Security headers and admin login throttling."""

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def login(client, username, password):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR="192.0.2.7",
    )


def test_admin_login_locks_out_after_five_failures_and_logs_no_identity(
    client, editor, caplog
):
    caplog.set_level(logging.DEBUG)
    for _ in range(4):
        assert login(client, "editor", "wrong password").status_code == 200
    assert login(client, "editor", "wrong password").status_code == 429
    locked = login(client, "editor", PASSWORD)
    assert locked.status_code == 429
    assert "Too many login attempts" in locked.content.decode()
    assert AccessAttempt.objects.filter(username="editor").exists()
    assert AccessFailureLog.objects.filter(username="editor").count() >= 5
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "Failed login" in logged
    assert "editor" not in logged
    assert "192.0.2.7" not in logged


def test_other_users_can_still_log_in_during_a_lockout(client, editor, dpo):
    for _ in range(5):
        login(client, "editor", "wrong password")
    response = login(client, "dpo", PASSWORD)
    assert response.status_code == 302


def test_public_pages_carry_the_security_headers(client, initial_data):
    response = client.get("/privacy/")
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
