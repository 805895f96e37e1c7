"""The admin's import: the DPO (or a superuser) uploads an export, the task
worker imports it, the run's page follows its progress and shows the report."""

import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Page

from plone import runs
from plone.models import PloneImport
from tests.test_scheduler import db_tasks, run_worker, worker_db  # noqa: F401

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
UPLOAD = "/admin/plone-imports/upload/"


def zip_bytes(folder):
    target = folder.parent / f"{folder.name}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"site/{path.relative_to(folder).as_posix()}")
    return target.read_bytes()


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.PLONE_IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")


@pytest.fixture
def export(tmp_path):
    folder = tmp_path / "site"
    shutil.copytree(FIXTURES / "exportimport", folder)
    return folder


@pytest.fixture
def export_zip(export):
    return zip_bytes(export)


def uploads():
    folder = Path(runs.upload_storage().location)
    return sorted(folder.iterdir()) if folder.exists() else []


def upload(client, content, *, parent, name="site.zip", dry_run=False):
    data = {"export": SimpleUploadedFile(name, content), "parent": parent.pk}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(UPLOAD, data)


@pytest.mark.parametrize("who", ["editor", "communications"])
def test_editors_and_communications_cannot_import(
    client, initial_data, export_zip, request, who
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(UPLOAD).status_code == 403
    response = upload(client, export_zip, parent=initial_data.root_page)
    assert response.status_code == 403
    assert not PloneImport.objects.exists()
    assert uploads() == []


@pytest.mark.parametrize("who", ["dpo", "superuser"])
def test_the_dpo_and_superusers_get_the_form_under_the_home_page(
    client, initial_data, request, who
):
    client.force_login(request.getfixturevalue(who))
    page = client.get(UPLOAD)
    assert page.status_code == 200
    assert page.context["form"]["parent"].value() == initial_data.root_page.pk
    assert UPLOAD in client.get("/admin/plone-imports/").content.decode()


def test_an_upload_is_imported_by_the_task_and_its_report_shown(
    client, initial_data, dpo, export_zip, django_capture_on_commit_callbacks
):
    client.force_login(dpo)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, export_zip, parent=initial_data.root_page)
    kept = PloneImport.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/plone-imports/inspect/{kept.pk}/"
    assert kept.status == PloneImport.Status.DONE
    assert kept.outcome == PloneImport.Outcome.IMPORTED
    assert (kept.created, kept.total, kept.processed) == (15, 17, 17)
    assert kept.source == "site.zip"
    assert Page.objects.filter(slug="welcome").exists()
    # The uploaded file is gone once the run is over.
    assert (kept.upload, uploads()) == ("", [])
    page = client.get(response.url).content.decode()
    assert "Document [fr]: 1" in page
    assert 'http-equiv="refresh"' not in page


def test_a_dry_run_writes_nothing_and_keeps_its_report(
    client, initial_data, superuser, export_zip, django_capture_on_commit_callbacks
):
    pages = Page.objects.count()
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, export_zip, parent=initial_data.root_page, dry_run=True)
    kept = PloneImport.objects.get()
    assert (kept.status, kept.outcome) == ("done", PloneImport.Outcome.DRY_RUN)
    assert Page.objects.count() == pages
    assert kept.report.startswith("Plone import, dry run: nothing was written.")
    assert uploads() == []


def test_a_refused_export_fails_with_the_item_named_and_imports_nothing(
    client, initial_data, dpo, export, django_capture_on_commit_callbacks
):
    (export / "content" / "file-guide" / "file" / "guide.pdf").unlink()
    pages = Page.objects.count()
    client.force_login(dpo)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, zip_bytes(export), parent=initial_data.root_page)
    kept = PloneImport.objects.get()
    assert kept.status == PloneImport.Status.FAILED
    assert "File /en/platform/guide.pdf (file-guide)" in kept.error
    assert Page.objects.count() == pages
    assert uploads() == []
    page = client.get(response.url).content.decode()
    assert "nothing was imported" in page
    assert "guide.pdf is missing from the export" in page


def test_the_import_waits_for_the_task_worker(
    client,
    initial_data,
    dpo,
    export_zip,
    db_tasks,  # noqa: F811
):
    client.force_login(dpo)
    response = upload(client, export_zip, parent=initial_data.root_page)
    kept = PloneImport.objects.get()
    assert kept.status == PloneImport.Status.WAITING
    assert not Page.objects.filter(slug="welcome").exists()
    page = client.get(response.url).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "waits for the task worker" in page


@worker_db
def test_the_task_worker_runs_the_queued_import(
    client,
    initial_data,
    dpo,
    export_zip,
    db_tasks,  # noqa: F811
):
    client.force_login(dpo)
    upload(client, export_zip, parent=initial_data.root_page)
    assert PloneImport.objects.get().status == PloneImport.Status.WAITING
    run_worker()
    kept = PloneImport.objects.get()
    assert (kept.status, kept.created) == (PloneImport.Status.DONE, 15)
    assert Page.objects.filter(slug="welcome").exists()
    assert uploads() == []


def test_a_running_import_shows_how_far_it_has_gone(client, initial_data, dpo):
    kept = PloneImport.objects.create(
        source="site.zip", status=PloneImport.Status.RUNNING, total=40
    )
    cache.set(runs.progress_key(kept.pk), 12)
    client.force_login(dpo)
    page = client.get(f"/admin/plone-imports/inspect/{kept.pk}/").content.decode()
    assert "12 of 40 items gone through" in page
    assert '<progress max="40" value="12">' in page
    assert 'http-equiv="refresh"' in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not an archive", "This file is not a ZIP archive"),
        (b"PK\x03\x04truncated", "This file is not a ZIP archive"),
        (None, "This ZIP holds no JSON file"),
    ],
)
def test_a_file_that_is_no_export_is_refused_with_a_clear_error(
    client, initial_data, dpo, tmp_path, content, message
):
    if content is None:
        path = tmp_path / "photos.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("photo.txt", "not json")
        content = path.read_bytes()
    client.force_login(dpo)
    response = upload(client, content, parent=initial_data.root_page)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PloneImport.objects.exists()
    assert uploads() == []


def test_an_export_over_the_limit_is_refused(
    client, initial_data, dpo, export_zip, settings
):
    settings.PLONE_IMPORT_MAX_UPLOAD_MB = 0
    client.force_login(dpo)
    response = upload(client, export_zip, parent=initial_data.root_page)
    assert "larger than 0 MB" in response.content.decode()
    assert not PloneImport.objects.exists()


def test_a_missing_parent_is_refused(client, initial_data, dpo, export_zip):
    client.force_login(dpo)
    response = client.post(
        UPLOAD, {"export": SimpleUploadedFile("site.zip", export_zip), "parent": 99999}
    )
    assert "Choose a page of this site." in response.content.decode()
    assert not PloneImport.objects.exists()


def test_uploaded_exports_have_no_address():
    with pytest.raises(ValueError, match="never served"):
        runs.upload_storage().url("anything.zip")
