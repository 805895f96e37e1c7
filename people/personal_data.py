"""How the records of registered users are exported, erased and purged.

Registered in ``home.personal_data`` by ``PeopleConfig.ready``.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce

from home import personal_data
from retention.models import RetentionSettings, add_months
from retention.purge import Count

from . import erasure, export
from .models import EmailChange, Person

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


def purge_people(*, now, dry_run):
    """Unconfirmed sign-ups and inactive accounts past their periods."""
    periods = RetentionSettings.current()
    unconfirmed = Person.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=now - datetime.timedelta(days=periods.unconfirmed_signup_days),
    )
    inactive = (
        Person.objects.confirmed()
        .annotate(last_seen=Coalesce("last_active_at", "confirmed_at", "created_at"))
        .filter(last_seen__lt=add_months(now, -periods.inactive_account_months))
    )
    return {
        "unconfirmed sign-ups": Count(
            _erase_all(unconfirmed, dry_run), period="unconfirmed_signups"
        ),
        "inactive registered users": Count(
            _erase_all(inactive, dry_run), period="inactive_accounts"
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
        kept="until erased, or past the inactive-account period",
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
