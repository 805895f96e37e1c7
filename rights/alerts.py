"""The DPO hears of every request, and of every deadline coming or missed.

An email for each new data-subject request, and a digest each working day
that lists the open requests due within ``DUE_SOON_DAYS`` days and those
overdue (none is sent on a day with nothing due). They go to
``DPO_ALERT_EMAILS`` when set, else to the active members of the DPO group.
The emails name no one: the kind of request, its number, its deadline and the
link to it in the admin, where the DPO signs in to see the rest.
"""

import datetime
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from home import groups

from .models import DUE_SOON_DAYS, DataSubjectRequest

logger = logging.getLogger(__name__)


def recipients():
    if settings.DPO_ALERT_EMAILS:
        return list(settings.DPO_ALERT_EMAILS)
    return groups.member_addresses(groups.DPO)


def admin_url(subject_request):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("data_subject_requests:edit", args=[subject_request.pk])


def send(subject, template, context):
    to = recipients()
    if not to:
        logger.warning("No address for the DPO's alerts: nothing sent")
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
        EmailMessage(subject=str(subject), body=body, to=to).send()
    return 1


def on_request_saved(sender, instance, created, raw=False, **kwargs):
    """``post_save`` receiver: the alert leaves once the request is committed."""
    if created and not raw:
        pk = instance.pk
        transaction.on_commit(lambda: alert_new_request(pk))


def alert_new_request(pk):
    subject_request = DataSubjectRequest.objects.filter(pk=pk).first()
    if subject_request is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext(
            "New data-subject request no. %(number)s, due %(due)s"
        ) % {
            "number": subject_request.pk,
            "due": timezone.localtime(subject_request.due_at).date().isoformat(),
        }
        return send(
            subject,
            "email/rights/dpo_new_request.txt",
            {"request": subject_request, "url": admin_url(subject_request)},
        )


def is_working_day(now=None):
    zone = ZoneInfo(settings.SCHEDULE_TIME_ZONE)
    return (now or timezone.now()).astimezone(zone).weekday() < 5


def digest_rows(now=None):
    now = now or timezone.now()
    overdue = DataSubjectRequest.objects.overdue(now).order_by("due_at")
    due_soon = DataSubjectRequest.objects.due_soon(now).order_by("due_at")

    def rows(queryset):
        return [
            {
                "request": item,
                "url": admin_url(item),
                "days": (item.due_at - now) // datetime.timedelta(days=1),
            }
            for item in queryset
        ]

    return rows(overdue), rows(due_soon)


def send_digest(now=None, *, any_day=False):
    """The working-day digest; returns the number of emails sent (0 or 1)."""
    now = now or timezone.now()
    if not any_day and not is_working_day(now):
        return 0
    overdue, due_soon = digest_rows(now)
    if not overdue and not due_soon:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext(
            "Data-subject requests: %(overdue)s overdue, %(soon)s due within "
            "%(days)s days"
        ) % {"overdue": len(overdue), "soon": len(due_soon), "days": DUE_SOON_DAYS}
        return send(
            subject,
            "email/rights/dpo_digest.txt",
            {"overdue": overdue, "due_soon": due_soon, "days": DUE_SOON_DAYS},
        )
