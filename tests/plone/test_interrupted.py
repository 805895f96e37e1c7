"""An import whose task worker died (killed, restarted) is shown as
interrupted in the admin, and the DPO can start it again."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from plone import runs
from plone.models import PloneImport
from tests.plone.test_admin_upload import export, export_zip, upload, uploads  # noqa: F401
from tests.test_scheduler import db_tasks, run_worker, worker_db  # noqa: F401

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
START = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.PLONE_IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    settings.PLONE_IMPORT_STALLED_AFTER = 3600


@pytest.fixture
def queued(
    client,
    initial_data,
    dpo,
    export_zip,  # noqa: F811
    db_tasks,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """An export uploaded by the DPO, its task in the database queue."""
    client.force_login(dpo)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, export_zip, parent=initial_data.root_page)
    kept = PloneImport.objects.get()
    assert kept.status == PloneImport.Status.WAITING
    assert DBTaskResult.objects.get(id=kept.task_id).status == TaskResultStatus.READY
    return kept


def worker_died(kept, at):
    """What a worker killed in the middle of the import leaves behind: the
    task and the row both claimed and running, no outcome ever written."""
    DBTaskResult.objects.filter(id=kept.task_id).update(
        status=TaskResultStatus.RUNNING, started_at=at, worker_ids=["gone"]
    )
    PloneImport.objects.filter(pk=kept.pk).update(
        status=PloneImport.Status.RUNNING, started_at=at
    )
    kept.refresh_from_db()
    return kept


def import_tasks():
    return DBTaskResult.objects.filter(task_path="plone.tasks.run_import").count()


def inspect(client, kept):
    return client.get(f"/admin/plone-imports/inspect/{kept.pk}/").content.decode()


def start_again(client, kept):
    return client.post(f"/admin/plone-imports/start-again/{kept.pk}/")


def test_a_queued_import_is_never_interrupted_however_long_it_waits(
    client, queued, time_machine
):
    time_machine.move_to(timezone.now() + 48 * HOUR)
    assert not runs.interrupted(queued)
    page = inspect(client, queued)
    assert "waits for the task worker" in page
    assert 'http-equiv="refresh"' in page
    assert "Start the import again" not in page


def test_a_run_that_stopped_moving_on_is_shown_interrupted(
    client, queued, time_machine
):
    time_machine.move_to(START, tick=False)
    kept = worker_died(queued, START)
    time_machine.move_to(START + 59 * dt.timedelta(minutes=1), tick=False)
    assert not runs.interrupted(kept)
    assert "Start the import again" not in inspect(client, kept)

    time_machine.move_to(START + 61 * dt.timedelta(minutes=1), tick=False)
    assert runs.interrupted(kept)
    page = inspect(client, kept)
    assert "<h2>Interrupted</h2>" in page
    assert "Start the import again" in page
    assert 'http-equiv="refresh"' not in page
    listing = client.get("/admin/plone-imports/").content.decode()
    assert "Interrupted" in listing


def test_progress_keeps_a_long_run_alive(queued, time_machine):
    time_machine.move_to(START, tick=False)
    kept = worker_died(queued, START)
    time_machine.move_to(START + 50 * dt.timedelta(minutes=1), tick=False)
    counter = runs.ProgressCounter(kept.pk)
    counter.advance()
    time_machine.move_to(START + 100 * dt.timedelta(minutes=1), tick=False)
    assert not runs.interrupted(kept)
    time_machine.move_to(START + 111 * dt.timedelta(minutes=1), tick=False)
    assert runs.interrupted(kept)


@pytest.mark.parametrize(
    ("row", "task"),
    [
        (PloneImport.Status.RUNNING, TaskResultStatus.FAILED),
        (PloneImport.Status.RUNNING, TaskResultStatus.SUCCESSFUL),
        (PloneImport.Status.RUNNING, None),
        (PloneImport.Status.WAITING, TaskResultStatus.FAILED),
        (PloneImport.Status.WAITING, None),
    ],
)
def test_a_run_whose_task_is_over_or_forgotten_is_interrupted_at_once(
    queued, row, task
):
    tasks = DBTaskResult.objects.filter(id=queued.task_id)
    if task is None:
        tasks.delete()
    else:
        tasks.update(status=task, finished_at=timezone.now())
    PloneImport.objects.filter(pk=queued.pk).update(
        status=row, started_at=timezone.now()
    )
    queued.refresh_from_db()
    assert runs.interrupted(queued)


@pytest.mark.parametrize("status", [PloneImport.Status.DONE, PloneImport.Status.FAILED])
def test_a_finished_import_is_never_interrupted(queued, status):
    DBTaskResult.objects.filter(id=queued.task_id).delete()
    PloneImport.objects.filter(pk=queued.pk).update(status=status)
    queued.refresh_from_db()
    assert not runs.interrupted(queued)


@worker_db
def test_an_interrupted_import_starts_again_and_finishes(
    client,
    initial_data,
    dpo,
    export_zip,  # noqa: F811
    db_tasks,  # noqa: F811
):
    client.force_login(dpo)
    upload(client, export_zip, parent=initial_data.root_page)
    kept = worker_died(PloneImport.objects.get(), timezone.now() - 2 * HOUR)
    old_task = kept.task_id

    response = start_again(client, kept)
    assert response.status_code == 302
    assert response.url == f"/admin/plone-imports/inspect/{kept.pk}/"
    kept.refresh_from_db()
    assert (kept.status, kept.started_at) == (PloneImport.Status.WAITING, None)
    assert kept.task_id not in ("", old_task)
    assert not runs.interrupted(kept)
    assert "waits for the task worker" in inspect(client, kept)

    run_worker()
    kept.refresh_from_db()
    assert (kept.status, kept.created, kept.upload) == ("done", 15, "")
    assert Page.objects.filter(slug="welcome").exists()
    assert uploads() == []


def test_an_import_that_is_not_interrupted_is_not_started_again(client, queued):
    kept = worker_died(queued, timezone.now())
    response = start_again(client, kept)
    assert response.status_code == 302
    messages = [str(each) for each in get_messages(response.wsgi_request)]
    assert messages[-1] == "This import is not interrupted: it cannot be started again."
    after = PloneImport.objects.get()
    assert (after.status, after.started_at, after.task_id) == (
        PloneImport.Status.RUNNING,
        kept.started_at,
        kept.task_id,
    )
    assert import_tasks() == 1


def test_an_interrupted_import_whose_export_is_gone_asks_for_a_new_upload(
    client, queued
):
    kept = worker_died(queued, timezone.now() - 2 * HOUR)
    for path in uploads():
        path.unlink()
    start_again(client, kept)
    kept.refresh_from_db()
    assert kept.status == PloneImport.Status.FAILED
    assert (kept.upload, import_tasks()) == ("", 1)
    assert "its export is no longer kept: upload it again" in inspect(client, kept)


@pytest.mark.parametrize("who", ["editor", "communications"])
def test_only_who_runs_imports_starts_them_again(client, queued, request, who):
    kept = worker_died(queued, timezone.now() - 2 * HOUR)
    client.force_login(request.getfixturevalue(who))
    assert start_again(client, kept).status_code == 403
    assert client.get(f"/admin/plone-imports/start-again/{kept.pk}/").status_code in (
        403,
        405,
    )
    kept.refresh_from_db()
    assert kept.status == PloneImport.Status.RUNNING


def test_an_old_run_that_wakes_up_writes_nothing_over_the_new_one(queued, monkeypatch):
    """The admin started the import again while its first run, thought dead,
    was only slow: that run's outcome is dropped and the export kept for the
    new run."""
    check_blobs = runs.check_blobs

    def restarted_meanwhile(read):
        runs.start_again(PloneImport.objects.get(pk=queued.pk))
        check_blobs(read)

    monkeypatch.setattr(runs, "check_blobs", restarted_meanwhile)
    runs.run(queued.pk)
    kept = PloneImport.objects.get()
    assert (kept.status, kept.started_at, kept.finished_at) == ("waiting", None, None)
    assert kept.upload != "" and len(uploads()) == 1

    monkeypatch.setattr(runs, "check_blobs", check_blobs)
    assert runs.run(queued.pk) == PloneImport.Status.DONE
    kept.refresh_from_db()
    # The first run's pages are there: the second finds them unchanged.
    assert (kept.created, kept.unchanged, kept.upload) == (0, 15, "")
    assert uploads() == []
