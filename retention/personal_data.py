"""Personal data in models of Wagtail, Django and django-axes, with their periods.

Registered in ``home.personal_data`` by ``RetentionConfig.ready``: these
models belong to no app of the site, and their periods are set here
(*Settings › Retention periods*, or Django's ``SESSION_COOKIE_AGE``).
"""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils.translation import gettext_lazy as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.forms.models import FormSubmission

from home import personal_data
from home.models import erase_contact_messages

from . import periods
from .models import RetentionSettings, days_text

STAFF_ONLY = personal_data.STAFF_ONLY
SESSIONS = "sessions"


def _delete(queryset, dry_run):
    count = queryset.count()
    if not dry_run and count:
        queryset.delete()
    return count


def purge_contact_messages(*, now, dry_run):
    cutoff = RetentionSettings.current().cutoffs(now)["contact_messages"]
    return {
        "contact messages": _delete(
            FormSubmission.objects.filter(submit_time__lt=cutoff), dry_run
        )
    }


def purge_login_attempts(model, what):
    def purge(*, now, dry_run):
        cutoff = RetentionSettings.current().cutoffs(now)["login_attempts"]
        return {what: _delete(model.objects.filter(attempt_time__lt=cutoff), dry_run)}

    return purge


purge_access_attempts = purge_login_attempts(AccessAttempt, "admin login attempts")
purge_access_failures = purge_login_attempts(AccessFailureLog, "failed admin logins")
purge_access_logs = purge_login_attempts(AccessLog, "admin logins")


def session_age():
    return datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def session_length():
    return days_text(max(1, settings.SESSION_COOKIE_AGE // (24 * 3600)))


def purge_sessions(*, now, dry_run):
    """Expired sessions (``clearsessions``), and any set to outlive the age.

    A session is saved with its expiry date, its last use plus the session
    age; one that expires later than the age from now was given a longer life
    than the notice states.
    """
    stale = Session.objects.filter(expire_date__lt=now) | Session.objects.filter(
        expire_date__gt=now + session_age()
    )
    return {"browser sessions": _delete(stale, dry_run)}


def purge_task_results(*, now, dry_run):
    cutoff = RetentionSettings.current().cutoffs(now)["task_results"]
    finished = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=cutoff,
    )
    return {"finished background task results": _delete(finished, dry_run)}


def register():
    periods.register(
        SESSIONS,
        _("Browser sessions (the session cookie and what it holds)"),
        session_length,
    )
    personal_data.register(
        "wagtailforms.FormSubmission",
        "Contact form messages",
        retention="contact_messages",
        erase=erase_contact_messages,
        purge=purge_contact_messages,
    )
    for label, description, purge in (
        (
            "axes.AccessAttempt",
            "Admin login attempts (username, address)",
            purge_access_attempts,
        ),
        (
            "axes.AccessFailureLog",
            "Failed admin logins (username, address)",
            purge_access_failures,
        ),
        ("axes.AccessLog", "Admin logins (username, address)", purge_access_logs),
    ):
        personal_data.register(
            label,
            description,
            retention="login_attempts",
            erasure=STAFF_ONLY,
            purge=purge,
        )
    personal_data.register(
        "sessions.Session",
        "Browser sessions (a signed-in administrator, a person's proved identity)",
        retention=SESSIONS,
        erasure="a person's session holds their random public id only, and "
        "ends when the session expires",
        purge=purge_sessions,
    )
    personal_data.register(
        "django_tasks_database.DBTaskResult",
        "Background task results (their arguments may name a person)",
        retention="task_results",
        erasure="the site's tasks take ids, never names or addresses",
        purge=purge_task_results,
    )
