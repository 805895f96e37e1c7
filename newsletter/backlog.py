"""How far behind Mailchimp is, and the one email a long backlog deserves.

A change waits in the outbox until Mailchimp has it; an outage only makes it
wait longer. When the oldest waiting change is older than
``NEWSLETTER_ALERT_AFTER`` seconds (a day unless set), Communications and
the data protection officer get one email. They get another only after the
outbox has emptied and a new backlog has grown as old.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from home import groups, mail

from .models import BacklogAlert, SyncRecord

logger = logging.getLogger(__name__)

ALERT_TEMPLATE = "newsletter/email/backlog_alert.txt"


def alert_after():
    return timedelta(seconds=getattr(settings, "NEWSLETTER_ALERT_AFTER", 24 * 3600))


@dataclass
class Backlog:
    """The outbox at one moment: what waits, since when, what Mailchimp refused."""

    now: datetime
    waiting: int
    erasures: int
    failed: int
    oldest: SyncRecord | None

    @property
    def since(self):
        return self.oldest.since if self.oldest else None

    @property
    def age(self):
        return self.now - self.since if self.oldest else None

    @property
    def overdue(self):
        return self.oldest is not None and self.age >= alert_after()


def current(now=None):
    now = now or timezone.now()
    counts = SyncRecord.objects.aggregate(
        waiting=Count("pk", filter=Q(state=SyncRecord.State.PENDING)),
        erasures=Count(
            "pk",
            filter=Q(
                state=SyncRecord.State.PENDING,
                operation=SyncRecord.Operation.DELETE,
            ),
        ),
        failed=Count("pk", filter=Q(state=SyncRecord.State.FAILED)),
    )
    oldest = (
        SyncRecord.objects.filter(state=SyncRecord.State.PENDING)
        .annotate(since=Coalesce("waiting_since", "changed_at"))
        .select_related("person")
        .order_by("since", "pk")
        .first()
    )
    return Backlog(now=now, oldest=oldest, **counts)


def alert_recipients():
    """Addresses of the active members of Communications and of the DPO group."""
    return groups.member_addresses(groups.COMMUNICATIONS, groups.DPO)


def check(now=None):
    """Send the backlog's alert if it is due; close the alert once all is pushed.

    Returns the alert sent by this call, or None. Safe to call every run:
    the open alert (``cleared_at`` empty) is the memory that one was sent.
    """
    backlog = current(now)
    with transaction.atomic():
        open_alert = (
            BacklogAlert.objects.select_for_update()
            .filter(cleared_at__isnull=True)
            .first()
        )
        if backlog.oldest is None:
            if open_alert is not None:
                BacklogAlert.objects.filter(cleared_at__isnull=True).update(
                    cleared_at=backlog.now
                )
            return None
        if open_alert is not None or not backlog.overdue:
            return None
        recipients = alert_recipients()
        alert = BacklogAlert.objects.create(
            sent_at=backlog.now,
            waiting_since=backlog.since,
            waiting=backlog.waiting,
            recipients=len(recipients),
        )
        if not recipients:
            logger.warning(
                "Newsletter changes have waited for Mailchimp since %s, and no "
                "member of Communications or the DPO group has an email address "
                "to be told.",
                backlog.since.isoformat(),
            )
        # Sent inside the transaction: if the mail fails, no alert is
        # recorded and the next run tries again.
        for address in recipients:
            send_alert(address, backlog)
    return alert


def send_alert(address, backlog):
    context = {
        "backlog": backlog,
        "age": timesince(backlog.since, backlog.now),
        "last_error": backlog.oldest.last_error,
        "overview_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + reverse("newsletter_overview:index"),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = _(
        "%(site)s: newsletter changes have waited for Mailchimp for %(age)s"
    ) % {
        "site": settings.WAGTAIL_SITE_NAME,
        "age": context["age"],
    }
    mail.send(address, subject, ALERT_TEMPLATE, context)
