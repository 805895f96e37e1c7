"""The import's report: printed, kept for the admin, and the progress bar."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from plone.models import PloneImport

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).parent / "fixtures" / "exportimport"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_run_keeps_its_report_with_counts(initial_data):
    out = io.StringIO()
    call_command("import_plone", str(EXPORT), stdout=out)
    kept = PloneImport.objects.get()
    assert kept.source == "exportimport"
    assert kept.outcome == PloneImport.Outcome.IMPORTED
    # 13 items (pages, images, files, the link) and 2 members.
    assert (kept.created, kept.updated, kept.unchanged) == (15, 0, 0)
    # The German root and page, and three members.
    assert kept.skipped == 5
    assert kept.report == out.getvalue().rstrip("\n")
    assert "  Document [fr]: 1" in kept.report
    assert "  Image [en]: 1" in kept.report
    assert ["created", "member", "", 2] in kept.details["counts"]


def test_a_second_run_reports_everything_unchanged(initial_data):
    call_command("import_plone", str(EXPORT), stdout=io.StringIO())
    call_command("import_plone", str(EXPORT), stdout=io.StringIO())
    second = PloneImport.objects.first()
    assert (second.created, second.updated, second.unchanged) == (0, 0, 15)


def test_dry_runs_and_refused_exports_keep_no_report(initial_data, tmp_path):
    call_command("import_plone", str(EXPORT), "--dry-run", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("import_plone", str(tmp_path / "missing.zip"))
    assert not PloneImport.objects.exists()


def test_a_terminal_sees_a_progress_bar_over_every_item(initial_data):
    out = Terminal()
    call_command("import_plone", str(EXPORT), stdout=out)
    assert "Plone import" in out.getvalue()
    assert "17/17" in out.getvalue()


@pytest.fixture
def kept_import(initial_data):
    call_command("import_plone", str(EXPORT), stdout=io.StringIO())
    return PloneImport.objects.get()


@pytest.mark.parametrize("who", ["dpo", "superuser"])
def test_the_dpo_and_superusers_read_the_reports(client, kept_import, request, who):
    client.force_login(request.getfixturevalue(who))
    listing = client.get("/admin/plone-imports/")
    assert listing.status_code == 200
    assert "exportimport" in listing.content.decode()
    inspect = client.get(f"/admin/plone-imports/inspect/{kept_import.pk}/")
    assert inspect.status_code == 200
    assert "Document [fr]: 1" in inspect.content.decode()


def test_nobody_edits_a_report(client, kept_import, superuser):
    client.force_login(superuser)
    assert client.get("/admin/plone-imports/new/").status_code in (302, 403)
    response = client.post(f"/admin/plone-imports/delete/{kept_import.pk}/")
    assert response.status_code in (302, 403)
    assert PloneImport.objects.filter(pk=kept_import.pk).exists()


def test_editors_do_not_see_the_reports(client, kept_import, editor):
    client.force_login(editor)
    response = client.get("/admin/plone-imports/")
    assert response.status_code in (302, 403)
