"""The DPO uploads a Plone export in the admin and reads the import's report.

The task goes to the database queue, as in production, and the worker runs
in the test's thread between two steps (``db_worker --batch``): the live
server cannot start a worker process of its own, since the test database
lives in this process. While the worker runs, the live server answers
nothing (it shares the worker's database connection); the run's page,
refreshing itself, then shows the report.
"""

import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from home import groups
from plone.models import PloneImport
from tests.browser.conftest import OneRequestAtATime
from tests.test_scheduler import run_worker

EXPORT = Path(__file__).parent.parent / "plone" / "fixtures" / "exportimport"


@pytest.fixture
def export_zip(tmp_path):
    target = tmp_path / "old-site.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(EXPORT.rglob("*")):
            if path.is_file():
                archive.write(path, f"old-site/{path.relative_to(EXPORT).as_posix()}")
    return target


@pytest.fixture
def queued_tasks(settings, tmp_path):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.PLONE_IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")


def test_the_dpo_uploads_an_export_and_reads_the_report(
    page, site, admin_login, django_user_model, export_zip, queued_tasks
):
    dpo = django_user_model.objects.create_user(
        username="dpo", email="dpo@example.org", password="correct horse battery staple"
    )
    dpo.groups.add(Group.objects.get(name=groups.DPO))
    admin_login("dpo")

    # The sidebar's menu and its item, then the listing's header button.
    page.get_by_role("button", name="Plone import", exact=True).click()
    page.get_by_role("link", name="Imports", exact=True).click()
    page.get_by_role("link", name="Import a Plone export").click()
    page.set_input_files("input[name=export]", str(export_zip))
    page.get_by_role("button", name="Upload and import").click()

    expect(page.locator("main")).to_contain_text("waits for the task worker")
    kept = PloneImport.objects.get()
    assert kept.status == PloneImport.Status.WAITING

    with OneRequestAtATime.lock:
        run_worker()

    # The page refreshes itself and shows the report.
    expect(page.locator(".plone-import-report")).to_contain_text(
        "Document [fr]: 1", timeout=15_000
    )
    expect(page.locator("main")).to_contain_text("Done")
    kept.refresh_from_db()
    assert (kept.status, kept.created, kept.upload) == ("done", 15, "")
