"""The demo login is printed with the address the site answers on."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_login_is_printed_with_the_site_address(settings, tmp_path, monkeypatch):
    from home.management.commands import create_demo_superuser

    monkeypatch.setattr(create_demo_superuser, "SECRET_FILE", tmp_path / "secret")
    quiet = io.StringIO()
    call_command("create_demo_superuser", verbosity=0, stdout=quiet)
    assert quiet.getvalue() == ""
    out = io.StringIO()
    call_command("create_demo_superuser", base_url="http://0.0.0.0:9000/", stdout=out)
    secret = (tmp_path / "secret").read_text().strip()
    assert "Admin: http://0.0.0.0:9000/admin/" in out.getvalue()
    assert f"Password: {secret}" in out.getvalue()
