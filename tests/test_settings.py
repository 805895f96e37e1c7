"""Production settings are secure by default."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    # A deployment has a writable folder for the erasure journal (people.W002);
    # the checkout's own var/ exists only once something has run in it.
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings",
        "config.settings.production",
        SECRET_KEY="x" * 64 + "-a-long-random-production-key",
        ALLOWED_HOSTS="microscope.example.org",
        ERASURE_JOURNAL=str(tmp_path / "erasures.jsonl"),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", "--settings", "config.settings.production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_url_switches_to_postgresql():
    code = (
        "import django.conf;from config.settings import base;"
        "print(base.DATABASES['default']['ENGINE'], base.CACHES['default']['BACKEND'])"
    )
    env = dict(os.environ)
    env.update(
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/microscope",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == [
        "django.db.backends.postgresql",
        "django.core.cache.backends.redis.RedisCache",
    ], out.stderr


def production_value(expression, **env):
    result = manage(
        "shell",
        "--settings",
        "config.settings.production",
        "-c",
        f"from django.conf import settings; print({expression})",
        SECRET_KEY="x" * 64 + "-a-long-random-production-key",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_keeps_its_database_connections_open():
    """A connection per request costs PostgreSQL a process and a password
    exchange: production keeps one per process unless told otherwise."""
    setting = "settings.DATABASES['default']['CONN_MAX_AGE']"
    assert production_value(setting) == "60"
    assert production_value(setting, DB_CONN_MAX_AGE="0") == "0"
    checks = "settings.DATABASES['default']['CONN_HEALTH_CHECKS']"
    assert production_value(checks) == "True"
