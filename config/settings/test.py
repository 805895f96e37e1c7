"""Tests: fast hashing, memory mail and cache, tasks run immediately."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if env("REDIS_URL"):
    # Tests empty the cache before and after each one, so parallel test
    # processes (pytest-xdist's gw0, gw1...) each get a Redis database of their
    # own, counted from the one REDIS_URL names.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if _worker.startswith("gw"):
        _url = urlsplit(env("REDIS_URL"))
        _database = int(_url.path.strip("/") or 0) + 2 + int(_worker[2:])
        for _alias in CACHES:  # noqa: F405
            CACHES[_alias]["LOCATION"] = _url._replace(path=f"/{_database}").geturl()  # noqa: F405
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
        },
    }
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test database is thrown away: its commits need not wait for the disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c synchronous_commit=off"
    )
# Pages are rendered afresh in tests; tests/test_page_cache.py switches the
# cache on where it is the subject.
PAGE_CACHE_SECONDS = 0

# Each test starts with an empty journal (tests/conftest.py), never the
# project's own, nor one ERASURE_JOURNAL names. A command a test runs in a
# subprocess is handed the test's journal through TEST_ERASURE_JOURNAL.
ERASURE_JOURNAL = os.environ.get("TEST_ERASURE_JOURNAL") or str(
    Path(tempfile.gettempdir()) / f"microscope-test-erasures-{os.getpid()}.jsonl"
)

# Uploaded Plone exports go to a folder of the test run, never the project's.
PLONE_IMPORT_UPLOAD_DIR = str(
    Path(tempfile.gettempdir()) / f"microscope-test-plone-uploads-{os.getpid()}"
)
