"""Background work, run by ``manage.py db_worker`` (django-tasks-db)."""

import datetime

from django.utils import timezone
from django_tasks import default_task_backend, task

from . import notice_mailing
from .models import DeliveryStatus, NoticeChangeMailing

RETRY_AFTER = datetime.timedelta(minutes=10)


@task()
def send_notice_change(mailing_pk):
    """Send one batch of a notice change mailing, then queue the next batch.

    Any number of these may run for one mailing, at once or again after a
    crash: rows are claimed one by one, so each is sent at most once.
    """
    mailing = (
        NoticeChangeMailing.objects.filter(pk=mailing_pk)
        .select_related("version__page")
        .first()
    )
    if mailing is None or mailing.finished_at is not None:
        return "nothing to do"
    notice_mailing.prepare(mailing)
    outcome = notice_mailing.send_batch(mailing)
    if notice_mailing.finish(mailing):
        return {**outcome, "finished": True}
    if outcome.get(DeliveryStatus.PENDING) and default_task_backend.supports_defer:
        # The mail server refused some: give it time before trying them again.
        send_notice_change.using(run_after=timezone.now() + RETRY_AFTER).enqueue(
            mailing_pk
        )
    else:
        send_notice_change.enqueue(mailing_pk)
    return outcome
