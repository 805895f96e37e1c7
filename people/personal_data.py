"""How the records of registered users are exported, erased and purged.

Registered in ``home.personal_data`` by ``PeopleConfig.ready``.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from home import mail, personal_data
from retention.models import RetentionSettings, add_months, months_text
from retention.purge import WARN, Count

from . import activity, erasure, export
from .models import EmailChange, Person

logger = logging.getLogger(__name__)

SOURCE = "retention"
# Used, replaced or expired address changes are kept a day, for the person
# who clicks twice.
EMAIL_CHANGE_KEEP = datetime.timedelta(days=1)


def _erase_all(people, dry_run):
    count = 0
    for person in people.iterator():
        count += 1
        if not dry_run:
            with transaction.atomic():
                erasure.erase_person(person, source=SOURCE)
    return count


def _idle(inactive_months, now):
    """Confirmed people, each with when they were last seen (``last_seen``)."""
    return (
        Person.objects.confirmed()
        .annotate(last_seen=Coalesce("last_active_at", "confirmed_at", "created_at"))
        .filter(
            last_seen__lt=add_months(now, -inactive_months) + activity.WARNING_NOTICE
        )
    )


def due_for_warning(inactive_months, now):
    """People whose period ends within the notice and who have no warning since
    they were last seen (a warning older than their last activity is void)."""
    return _idle(inactive_months, now).filter(
        Q(inactivity_warned_at__isnull=True)
        | Q(inactivity_warned_at__lte=F("last_seen"))
    )


def due_for_erasure(inactive_months, now):
    """Past the period, warned at least the notice ago, and not seen since."""
    return _idle(inactive_months, now).filter(
        last_seen__lt=add_months(now, -inactive_months),
        inactivity_warned_at__gt=F("last_seen"),
        inactivity_warned_at__lte=now - activity.WARNING_NOTICE,
    )


def _erase_inactive(inactive_months, now, dry_run):
    count = 0
    for person in due_for_erasure(inactive_months, now).iterator():
        if not dry_run:
            with transaction.atomic():
                # Lock the record and look again: activity recorded since the
                # list was read keeps the person.
                Person.objects.select_for_update().filter(pk=person.pk).first()
                still_due = due_for_erasure(inactive_months, now).filter(pk=person.pk)
                if not still_due.exists():
                    continue
                erasure.erase_person(person, source=SOURCE)
        count += 1
    return count


def send_warning(person, *, now, inactive_months):
    """Mail the person, in their language, the link that keeps their record."""
    language = person.language or settings.LANGUAGE_CODE
    with translation.override(language):
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "inactivity_stay", args=[activity.stay_token(person)]
        )
        mail.send(
            person.email,
            _("Your MicroScope registration will be erased unless you keep it"),
            "email/people/inactivity_warning.txt",
            {
                "link": link,
                "period": months_text(inactive_months),
                "erase_on": now + activity.WARNING_NOTICE,
                "my_data_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("my_data"),
            },
        )


def _warn_all(people, dry_run, now, inactive_months):
    count = 0
    for person in people.iterator():
        if dry_run:
            count += 1
            continue
        try:
            send_warning(person, now=now, inactive_months=inactive_months)
        except Exception as error:
            # The next run tries again; without a warning, no erasure. The
            # error's text may hold the address: only its kind is logged.
            logger.warning(
                "Inactivity warning to person %s failed: %s.",
                person.pk,
                type(error).__name__,
            )
            continue
        Person.objects.filter(pk=person.pk).update(inactivity_warned_at=now)
        logger.info("Person %s warned of inactivity.", person.pk)
        count += 1
    return count


def purge_people(*, now, dry_run):
    """Unconfirmed sign-ups past their period; inactive accounts warned, then
    erased ``WARNING_DAYS`` after the warning if they showed no activity."""
    periods = RetentionSettings.current()
    months = periods.inactive_account_months
    unconfirmed = Person.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=now - datetime.timedelta(days=periods.unconfirmed_signup_days),
    )
    # Erase before warning: a person warned in this run is never erased in it.
    erased = _erase_inactive(months, now, dry_run)
    warned = _warn_all(due_for_warning(months, now), dry_run, now, months)
    return {
        "unconfirmed sign-ups": Count(
            _erase_all(unconfirmed, dry_run), period="unconfirmed_signups"
        ),
        "inactive registered users": Count(
            erased,
            period="inactive_accounts",
            note=f"erased {activity.WARNING_DAYS} days after the warning",
        ),
        "people warned of inactivity": Count(
            warned,
            period="inactive_accounts",
            action=WARN,
            note=f"warned {activity.WARNING_DAYS} days before erasure",
        ),
    }


def export_email_changes(person):
    return [
        {
            "new_email": change.new_email,
            "asked_at": change.created_at,
            "asked_through": change.source,
            "link_expires_at": change.expires_at,
            "used_or_replaced_at": change.used_at,
        }
        for change in EmailChange.objects.filter(person=person).order_by("created_at")
    ]


def purge_email_changes(*, now, dry_run):
    stale = EmailChange.objects.filter(
        Q(expires_at__lt=now - EMAIL_CHANGE_KEEP)
        | Q(used_at__lt=now - EMAIL_CHANGE_KEEP)
    )
    count = stale.count()
    if not dry_run:
        stale.delete()
    return {"expired or used changes of email address": count}


def register():
    personal_data.register(
        "people.Person",
        "Registered users of the platform (name, email, affiliation)",
        kept="until erased, or past the inactive-account period after a warning",
        retention="inactive_accounts",
        erasure="the record itself is deleted last, after every other place",
        purge=purge_people,
    )
    personal_data.register(
        "people.ConsentEvent",
        "Consent ledger (pseudonymous: random id and keyed hash of the email)",
        kept="for good: the tombstone that proves consents and erasures",
        erasure="kept: it names no one (random id, keyed hash of the email)",
        export=export.consent_history,
        section="consent_history",
    )
    personal_data.register(
        "people.EmailChange",
        "New email addresses waiting for confirmation from that address",
        kept="a day after the link expires, is used or is replaced",
        erasure="deleted with the person's record (cascade)",
        export=export_email_changes,
        section="email_changes",
        purge=purge_email_changes,
    )
    personal_data.register(
        "wagtailcore.ModelLogEntry",
        "Admin history entries about a registered user's record",
        kept="as long as the record",
        erase=erasure.erase_log_entries,
    )
    personal_data.register(
        "wagtailcore.Revision",
        "Revisions of a registered user's record",
        kept="as long as the record",
        erase=erasure.erase_revisions,
    )
    personal_data.register(
        "wagtailsearch.IndexEntry",
        "Search index entries of a registered user's record",
        kept="as long as the record",
        erase=erasure.erase_search_index,
    )
