"""Exports changed on disk: a bad one is refused with a message naming the
item, and nothing of it is written; a later one updates what changed."""

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Page

from plone.importer import Importer
from plone.models import PloneObject
from plone.reader import ExportError, read_export

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


def snapshot():
    return (
        Page.objects.count(),
        Image.objects.count(),
        Document.objects.count(),
        Redirect.objects.count(),
        PloneObject.objects.count(),
        Collection.objects.count(),
    )


@pytest.fixture
def export(tmp_path):
    folder = tmp_path / "site"
    shutil.copytree(FIXTURES / "exportimport", folder)
    return folder


def zip_of(folder, name="site.zip"):
    target = folder.parent / name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"site/{path.relative_to(folder).as_posix()}")
    return target


def edit(folder, uid, change):
    path = folder / "content" / uid / "data.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def refused(path):
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        call_command("import_plone", str(path))
    assert snapshot() == before
    return str(caught.value)


def test_a_zip_of_the_export_imports_like_the_folder(initial_data, export):
    call_command("import_plone", str(zip_of(export)))
    assert Page.objects.filter(slug="welcome").exists()
    assert any(name.endswith("logo.png") for name in stored_files())
    assert Image.objects.filter(title="Platform logo").exists()


def test_a_truncated_zip_is_refused(initial_data, export):
    archive = zip_of(export)
    archive.write_bytes(archive.read_bytes()[:-200])
    assert "site.zip is not a readable ZIP file" in refused(archive)


def test_invalid_json_is_refused_naming_the_file(initial_data, export):
    path = export / "content" / "doc-team" / "data.json"
    path.write_text(path.read_text()[:-40])
    assert "content/doc-team/data.json is not valid JSON" in refused(export)


def test_a_missing_file_is_refused_naming_the_item(initial_data, export):
    (export / "content" / "file-guide" / "file" / "guide.pdf").unlink()
    message = refused(export)
    assert "File /en/platform/guide.pdf (file-guide)" in message
    assert "file-guide/file/guide.pdf is missing from the export" in message


def test_an_unknown_parent_is_refused_naming_the_item(initial_data, export):
    edit(export, "doc-team", lambda d: d["parent"].update(UID="no-such-folder"))
    message = refused(export)
    assert "Document /en/platform/team (doc-team)" in message
    assert "its parent no-such-folder is not in the export" in message


@pytest.mark.parametrize(
    "blob_path", ["../../../etc/passwd", "/etc/passwd", "image-logo/../../../secret"]
)
def test_a_path_leaving_the_export_is_refused(initial_data, export, blob_path):
    edit(export, "image-logo", lambda d: d["image"].update(blob_path=blob_path))
    message = refused(export)
    assert f"Image /en/platform/logo.png (image-logo): its file path {blob_path}" in (
        message
    )
    assert "leaves the export" in message


def stored_files(folder=""):
    directories, files = default_storage.listdir(folder)
    found = {f"{folder}{name}" for name in files}
    for directory in directories:
        found |= stored_files(f"{folder}{directory}/")
    return found


def test_a_dry_run_leaves_no_file_in_storage(initial_data, export):
    """Images and files are written while the run goes; a rolled-back run
    removes them."""
    files_before = stored_files()
    call_command("import_plone", str(export), "--dry-run")
    assert stored_files() == files_before


def test_a_run_that_fails_half_way_leaves_no_file_in_storage(initial_data, export):
    """Without the check before the run, the news item's lead image is found
    missing only after the other images were written: they go with the
    rollback."""
    (export / "content" / "news-release" / "image" / "screen.png").unlink()
    files_before = stored_files()
    before = snapshot()
    with pytest.raises(ExportError) as caught:
        Importer(read_export(export)).run()
    assert "News Item /en/news/release (news-release)" in str(caught.value)
    assert snapshot() == before
    assert stored_files() == files_before


def test_a_later_export_updates_what_changed_and_adds_what_is_new(initial_data, export):
    call_command("import_plone", str(export))
    pages = Page.objects.count()
    welcome = Page.objects.get(slug="welcome")

    def retitle(data):
        data.update(title="Welcome, updated", modified="2025-01-01T00:00:00+00:00")

    edit(export, "doc-welcome", retitle)
    new = json.loads((export / "content" / "doc-team" / "data.json").read_text())
    new.update(
        UID="doc-new",
        id="new",
        title="A new page",
        **{"@id": "/en/platform/new"},
        review_state="published",
    )
    (export / "content" / "doc-new").mkdir()
    (export / "content" / "doc-new" / "data.json").write_text(json.dumps(new))
    metadata_path = export / "content" / "__metadata__.json"
    metadata = json.loads(metadata_path.read_text())
    metadata["_data_files_"].append("doc-new/data.json")
    metadata_path.write_text(json.dumps(metadata))

    call_command("import_plone", str(export))
    assert Page.objects.count() == pages + 1
    welcome.refresh_from_db()
    assert welcome.title == "Welcome, updated"
    assert Page.objects.get(slug="new").live
    assert PloneObject.objects.filter(uid="doc-new").exists()
