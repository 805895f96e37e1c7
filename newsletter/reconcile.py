"""Compare the whole Mailchimp audience with the site, and repair the drift.

The site is authoritative for opt-ins: nobody is subscribed in Mailchimp
unless they opted in (and confirmed) here. Mailchimp is authoritative for
unsubscribes and cleaned addresses: those come back to the site, with a
ledger row whose source is "mailchimp". The audience is read 1,000 members a
page and the repairs go out in batch operations, so a large audience costs a
few hundred calls, not one per member.
"""

import time
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext_noop

from people import services
from people.models import ConsentEvent, NewsletterConsent, Person, email_hash

from . import outbox
from .gateway import Gateway, MailchimpError, subscriber_hash
from .models import ReconciliationReport
from .sync import drain, run_member_operations

MERGE_KEYS = ("FNAME", "LNAME", "LAB", "COUNTRY")

# English in the command's report, translated on the admin overview.
LABELS = {
    "mailchimp_members": gettext_noop("Members in the Mailchimp audience"),
    "local_people": gettext_noop("Registered users with a newsletter consent"),
    "in_sync": gettext_noop("Already in agreement"),
    "missing_in_mailchimp": gettext_noop(
        "Subscribed here, missing in Mailchimp: pushed"
    ),
    "not_subscribed_in_mailchimp": gettext_noop(
        "Subscribed here, pending or archived in Mailchimp: pushed"
    ),
    "profile_drift": gettext_noop("Name, laboratory or country differs: pushed"),
    "subscribed_in_mailchimp_only": gettext_noop(
        "Subscribed in Mailchimp without a valid opt-in here: unsubscribed"
    ),
    "unknown_subscribed": gettext_noop(
        "Subscribed in Mailchimp, unknown here: unsubscribed in Mailchimp"
    ),
    "unknown_other": gettext_noop(
        "Unsubscribed or cleaned in Mailchimp, unknown here: left"
    ),
    "erased_in_mailchimp": gettext_noop(
        "Erased here, still in Mailchimp: deleted permanently in Mailchimp"
    ),
    "unsubscribed_in_mailchimp": gettext_noop(
        "Unsubscribed in Mailchimp: withdrawn here"
    ),
    "cleaned_in_mailchimp": gettext_noop("Cleaned in Mailchimp: withdrawn here"),
    "repair_failures": gettext_noop("Repairs that failed (see Mailchimp sync)"),
}


def local_state():
    """hash -> (pk, should be subscribed, merge field tuple), for everyone
    who ever opted in. Tuples, not model instances: 100,000 people fit."""
    local = {}
    people = (
        Person.objects.exclude(newsletter_consent=NewsletterConsent.NONE)
        .only(
            "pk",
            "email",
            "full_name",
            "laboratory",
            "country",
            "confirmed_at",
            "newsletter_consent",
            "processing_restricted",
        )
        .iterator(chunk_size=5000)
    )
    for person in people:
        fields = outbox.merge_fields(person)
        local[subscriber_hash(person.email)] = (
            person.pk,
            person.newsletter_subscribed,
            tuple(fields[key] for key in MERGE_KEYS),
        )
    return local


def erasures():
    """Keyed hash of the address -> public id, of every erasure in the ledger.

    The ledger keeps the keyed hash (``people.models.email_hash``), not
    Mailchimp's MD5: a member's address from the audience listing is hashed
    the same way to be recognised. The latest erasure of an address wins;
    erasures known only from the journal (after a restore) count too.
    """
    return {hashed: public_id for hashed, (_, public_id) in services.erasures().items()}


def compare(local, pages, counts, erased=None, progress=None):
    """Walk Mailchimp's pages against ``local``; return the repairs to make.

    ``erased`` maps the keyed hash of an erased address to the erased
    person's public id: such a member, unknown here, is to be deleted
    permanently, whatever their status in Mailchimp.
    """
    push, withdraw, cleaned, unknown, forget = [], [], [], [], []
    erased = erased or {}
    for page in pages:
        if progress is not None:
            progress(len(page))
        for member in page:
            counts["mailchimp_members"] += 1
            entry = local.pop(member["id"], None)
            status = member.get("status")
            if entry is None:
                address = member.get("email_address") or ""
                public_id = erased.get(email_hash(address)) if address else None
                if public_id is not None:
                    counts["erased_in_mailchimp"] += 1
                    forget.append((public_id, member["id"]))
                elif status in {"subscribed", "pending"}:
                    counts["unknown_subscribed"] += 1
                    unknown.append(member["id"])
                else:
                    counts["unknown_other"] += 1
                continue
            pk, wanted, fields = entry
            remote_fields = member.get("merge_fields") or {}
            if not wanted:
                if status in {"subscribed", "pending"}:
                    counts["subscribed_in_mailchimp_only"] += 1
                    push.append(pk)
                else:
                    counts["in_sync"] += 1
            elif status == "unsubscribed":
                counts["unsubscribed_in_mailchimp"] += 1
                withdraw.append(pk)
            elif status == "cleaned":
                counts["cleaned_in_mailchimp"] += 1
                cleaned.append(pk)
            elif status != "subscribed":
                counts["not_subscribed_in_mailchimp"] += 1
                push.append(pk)
            elif tuple(remote_fields.get(k, "") for k in MERGE_KEYS) != fields:
                counts["profile_drift"] += 1
                push.append(pk)
            else:
                counts["in_sync"] += 1
    for pk, wanted, _fields in local.values():
        if wanted:
            counts["missing_in_mailchimp"] += 1
            push.append(pk)
    return push, withdraw, cleaned, unknown, forget


def reconcile(*, dry_run=False, gateway=None, page_size=1000, progress=None):
    """Run a reconciliation; returns the saved ReconciliationReport."""
    own_gateway = gateway is None
    gateway = gateway or Gateway()
    report = ReconciliationReport.objects.create(dry_run=dry_run)
    counts = Counter()
    started = time.monotonic()
    try:
        local = local_state()
        counts["local_people"] = len(local)
        push, withdraw, cleaned, unknown, forget = compare(
            local,
            gateway.iter_member_pages(page_size=page_size),
            counts,
            erased=erasures(),
            progress=progress,
        )
        del local
        if not dry_run:
            repair(gateway, push, withdraw, cleaned, unknown, counts, forget)
    except MailchimpError as error:
        report.error = str(error)
    finally:
        if own_gateway:
            gateway.close()
    counts["seconds"] = round(time.monotonic() - started, 1)
    report.counts = dict(counts)
    report.api_calls = gateway.calls
    report.finished_at = timezone.now()
    report.save()
    return report


def repair(gateway, push, withdraw, cleaned, unknown, counts, forget=()):
    # Erasures go through the outbox, like the erasure itself: retried until
    # Mailchimp has deleted the member for good.
    for public_id, member_hash in forget:
        outbox.queue_forgotten_member(public_id, member_hash)
    for pks, action in (
        (withdraw, ConsentEvent.Action.WITHDRAWN),
        (cleaned, ConsentEvent.Action.CLEANED),
    ):
        for person in Person.objects.filter(pk__in=pks).iterator():
            services.set_newsletter_consent(
                person, False, source=outbox.MAILCHIMP, action=action
            )
    if push:
        for start in range(0, len(push), 5000):
            outbox.queue_people(
                Person.objects.filter(pk__in=push[start : start + 5000]),
                source="reconcile",
            )
    if unknown:
        failures = run_member_operations(
            gateway,
            [
                (member_hash, "PATCH", {"status": "unsubscribed"})
                for member_hash in unknown
            ],
        )
        counts["repair_failures"] += failures
    outcome = drain(gateway, include_future=True)
    counts["repair_failures"] += outcome.failed + outcome.retrying


def format_report(report):
    lines = [
        str(report) + (" (dry run: nothing changed)" if report.dry_run else ""),
    ]
    for key, label in LABELS.items():
        if key in report.counts or key in {"mailchimp_members", "in_sync"}:
            lines.append(f"  {label}: {report.counts.get(key, 0)}")
    lines.append(f"  API calls: {report.api_calls}")
    if report.error:
        lines.append(f"  Stopped by an error: {report.error}")
    return "\n".join(lines)
