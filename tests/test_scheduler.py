import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from home.models import StandardPage

pytestmark = pytest.mark.django_db


def test_scheduler_once_publishes_a_page_whose_time_has_come(home_page):
    page = StandardPage(title="Release notes", slug="release-notes", live=False)
    home_page.add_child(instance=page)
    revision = page.save_revision(
        approved_go_live_at=timezone.now() - timedelta(minutes=1)
    )
    assert revision.approved_go_live_at is not None
    page.refresh_from_db()
    assert not page.live

    with override_settings(
        SCHEDULED_JOBS=[{"command": "publish_scheduled", "every": 60}]
    ):
        call_command("run_scheduler", once=True, stdout=io.StringIO())

    page.refresh_from_db()
    assert page.live


def test_scheduler_skips_commands_that_are_not_installed(db):
    err = io.StringIO()
    jobs = [{"command": "no_such_command", "every": 60}]
    with override_settings(SCHEDULED_JOBS=jobs):
        call_command("run_scheduler", once=True, stdout=io.StringIO(), stderr=err)
    assert "Skipping unknown command no_such_command" in err.getvalue()


def test_a_failing_job_does_not_stop_the_others(home_page):
    err = io.StringIO()
    page = StandardPage(title="Later", slug="later", live=False)
    home_page.add_child(instance=page)
    page.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
    jobs = [
        {"command": "purge_revisions", "every": 60, "args": ["--days", "not-a-number"]},
        {"command": "publish_scheduled", "every": 60},
    ]
    with override_settings(SCHEDULED_JOBS=jobs):
        call_command("run_scheduler", once=True, stdout=io.StringIO(), stderr=err)
    assert "purge_revisions failed" in err.getvalue()
    page.refresh_from_db()
    assert page.live
