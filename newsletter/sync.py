"""Push outbox rows to Mailchimp: one at a time, or many in batch operations."""

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .gateway import Gateway, MailchimpError, option
from .models import SyncRecord

logger = logging.getLogger(__name__)
State = SyncRecord.State
Op = SyncRecord.Operation


@dataclass
class Outcome:
    synced: int = 0
    retrying: int = 0
    failed: int = 0
    stale: int = 0
    errors: dict = field(default_factory=lambda: defaultdict(int))
    # The error that stopped the run, when Mailchimp was unavailable.
    unavailable: MailchimpError | None = None

    def add(self, other):
        self.synced += other.synced
        self.retrying += other.retrying
        self.failed += other.failed
        self.stale += other.stale
        self.unavailable = other.unavailable or self.unavailable
        for key, value in other.errors.items():
            self.errors[key] += value


def retry_delay(attempts):
    """Exponential backoff, capped (6 hours unless NEWSLETTER["RETRY_MAX"])."""
    base = option("RETRY_BASE", 30)
    cap = option("RETRY_MAX", 6 * 3600)
    # The exponent is bounded too: a row may wait through thousands of attempts.
    return timedelta(seconds=min(cap, base * 2 ** min(attempts - 1, 32)))


def retry_later(error):
    """Whether a failure says "not now" rather than "never".

    Timeouts, refused connections, 429 and 5xx come and go. So does a
    refused API key or a suspended account (401, 403): they are about the
    account, not the member, and the row must still reach Mailchimp once
    someone fixes them. Any other answer is Mailchimp's verdict on the row.
    """
    return error.transient or error.status in {401, 403, 408}


def explain(error):
    """The message the admin shows for a permanent failure."""
    hints = {
        "Member In Compliance State": (
            "Mailchimp holds this address as unsubscribed or bounced; only the "
            "person can subscribe again, through Mailchimp's own form."
        ),
        "Forgotten Email Not Subscribed": (
            "This address was permanently deleted from Mailchimp and cannot be "
            "added again by the site."
        ),
    }
    hint = hints.get(error.title)
    return f"{error} — {hint}" if hint else str(error)


# -- recording outcomes -----------------------------------------------------------
SYNCED_FIELDS = {
    "state": State.SYNCED,
    "attempts": 0,
    "last_error": "",
    "next_attempt_at": None,
    "waiting_since": None,
}


def mark_synced(record_pk, version, *, erased=False):
    fields = SYNCED_FIELDS | {"synced_at": timezone.now(), "previous_hash": ""}
    if erased:
        # The delete is done: even the (guessable) hash goes.
        fields["subscriber_hash"] = ""
    return SyncRecord.objects.filter(pk=record_pk, version=version).update(**fields)


def mark_error(record_pk, version, error):
    """Record a failed push: retried later, however long it takes, unless
    Mailchimp refused the row for good."""
    record = SyncRecord.objects.filter(pk=record_pk, version=version).first()
    if record is None:
        return "stale"
    record.attempts += 1
    if retry_later(error):
        record.state = State.PENDING
        record.next_attempt_at = timezone.now() + retry_delay(record.attempts)
        record.last_error = str(error)
        outcome = "retrying"
    else:
        record.state = State.FAILED
        record.next_attempt_at = None
        record.waiting_since = None
        record.last_error = explain(error)
        outcome = "failed"
    SyncRecord.objects.filter(pk=record_pk, version=version).update(
        state=record.state,
        attempts=record.attempts,
        next_attempt_at=record.next_attempt_at,
        waiting_since=record.waiting_since,
        last_error=record.last_error,
    )
    return outcome


def postpone(pairs, error):
    """Count a failed attempt on rows that were not tried one by one.

    ``pairs`` are (pk, version): the rest of a run that stopped because
    Mailchimp was unavailable, or a batch that could not run at all. Each row
    gets its own next attempt, from its own count. Returns how many changed.
    """
    now = timezone.now()
    versions = dict(pairs)
    pks = list(versions)
    text = str(error)
    done = 0
    for start in range(0, len(pks), 500):
        groups = defaultdict(list)
        rows = SyncRecord.objects.filter(
            pk__in=pks[start : start + 500], state=State.PENDING
        ).values_list("pk", "version", "attempts")
        for pk, version, attempts in rows:
            if version == versions[pk]:
                groups[version, attempts].append(pk)
        for (version, attempts), group in groups.items():
            # Conditional on version and count: a change made meanwhile wins.
            done += SyncRecord.objects.filter(
                pk__in=group, version=version, attempts=attempts
            ).update(
                attempts=attempts + 1,
                next_attempt_at=now + retry_delay(attempts + 1),
                last_error=text,
            )
    return done


# -- one record at a time ------------------------------------------------------------
def push(gateway, record):
    """Make Mailchimp match ``record``; raise MailchimpError when it cannot."""
    if record.operation == Op.DELETE:
        for member_hash in {record.subscriber_hash, record.previous_hash} - {""}:
            try:
                gateway.delete_member_permanently(member_hash)
            except MailchimpError as error:
                if not error.is_not_found:
                    raise
        return
    status = record.desired_status
    if record.previous_hash:
        body = {
            "email_address": record.email,
            "status": status,
            "merge_fields": record.merge_fields,
        }
        try:
            gateway.update_member(record.previous_hash, body)
            return
        except MailchimpError as error:
            if not error.is_not_found:
                raise
    if record.operation == Op.UNSUBSCRIBE:
        try:
            gateway.update_member(
                record.subscriber_hash,
                {"status": status, "merge_fields": record.merge_fields},
            )
        except MailchimpError as error:
            # Not in Mailchimp at all: nothing to unsubscribe.
            if not error.is_not_found:
                raise
        return
    gateway.upsert_member(
        record.subscriber_hash,
        email=record.email,
        status=status,
        merge_fields=record.merge_fields,
    )


def push_one(gateway, record):
    """Push one row; returns (outcome, the MailchimpError or None)."""
    version = record.version
    try:
        push(gateway, record)
    except MailchimpError as error:
        return mark_error(record.pk, version, error), error
    updated = mark_synced(record.pk, version, erased=record.operation == Op.DELETE)
    return ("synced" if updated else "stale"), None


def claim(pks):
    """Lock the rows (skipping rows another worker holds) and return them."""
    queryset = SyncRecord.objects.filter(pk__in=pks, state=State.PENDING)
    with transaction.atomic():
        return list(queryset.select_for_update(skip_locked=True))


def is_due(record, now=None):
    return record.next_attempt_at is None or record.next_attempt_at <= (
        now or timezone.now()
    )


# -- draining the outbox --------------------------------------------------------------
def due(now=None, *, include_future=False):
    queryset = SyncRecord.objects.filter(state=State.PENDING)
    if not include_future:
        now = now or timezone.now()
        queryset = queryset.exclude(next_attempt_at__gt=now)
    return queryset


def drain(gateway=None, *, include_future=True, batch_threshold=None, progress=None):
    """Push every pending row (only those due, unless ``include_future``).

    Few rows go one call each. Many go in Mailchimp batch operations, a
    handful of calls for any number of members. When Mailchimp is
    unavailable, the first row to find out stops the run: the others count
    the same failed attempt without a call each (a run would otherwise wait
    out every row's retries). ``progress`` is called with the number of rows
    each step dealt with.
    """
    progress = progress or (lambda count: None)
    own_gateway = gateway is None
    gateway = gateway or Gateway()
    threshold = (
        batch_threshold
        if batch_threshold is not None
        else option("BATCH_THRESHOLD", 200)
    )
    outcome = Outcome()
    try:
        queryset = due(include_future=include_future).order_by("pk")
        # Address changes need a fallback the batch cannot express; push
        # them one by one.
        single = list(queryset.exclude(previous_hash="").values_list("pk", flat=True))
        rest = queryset.filter(previous_hash="")
        if rest.count() > threshold:
            batched = push_in_batches(gateway, rest)
            outcome.add(batched)
            progress(batched.synced + batched.failed + batched.retrying)
        else:
            single += list(rest.values_list("pk", flat=True))
        if outcome.unavailable and single:
            # The batch found Mailchimp unavailable: these wait with it.
            postponed = postpone(
                SyncRecord.objects.filter(pk__in=single).values_list("pk", "version"),
                outcome.unavailable,
            )
            outcome.retrying += postponed
            single = []
        records = claim(single)
        for index, record in enumerate(records):
            result, error = push_one(gateway, record)
            setattr(outcome, result, getattr(outcome, result) + 1)
            progress(1)
            if error is not None:
                outcome.errors[error.title or str(error)] += 1
            if result == "retrying":
                rest_of_run = [(r.pk, r.version) for r in records[index + 1 :]]
                outcome.retrying += postpone(rest_of_run, error)
                outcome.unavailable = error
                break
    finally:
        if own_gateway:
            gateway.close()
    return outcome


def drain_due(gateway=None, progress=None):
    """Push the rows whose next attempt has come (``newsletter_sync``).

    The backoff spares a Mailchimp that is down or throttling. When this run
    got through with no such failure, Mailchimp is answering again, and the
    rows still waiting out their backoff go now rather than hours later.
    """
    outcome = drain(gateway, include_future=False, progress=progress)
    if outcome.synced and not outcome.retrying and due(include_future=True).exists():
        outcome.add(drain(gateway, include_future=True, progress=progress))
    return outcome


def batch_operation(gateway, record):
    op_id = f"{record['pk']}:{record['version']}"
    base = f"/lists/{gateway.audience_id}/members/{record['subscriber_hash']}"
    if record["operation"] == Op.DELETE:
        return {"method": "POST", "path": base + "/actions/delete-permanent"} | {
            "operation_id": op_id
        }
    status = "subscribed" if record["operation"] == Op.SUBSCRIBE else "unsubscribed"
    if record["operation"] == Op.UNSUBSCRIBE:
        body = {"status": status, "merge_fields": record["merge_fields"]}
        method = "PATCH"
    else:
        body = {
            "email_address": record["email"],
            "status_if_new": status,
            "status": status,
            "merge_fields": record["merge_fields"],
        }
        method = "PUT"
    return {
        "method": method,
        "path": base,
        "operation_id": op_id,
        "body": json.dumps(body),
    }


def push_in_batches(gateway, queryset):
    """Send the rows as batch operations of BATCH_SIZE, then apply the results."""
    size = option("BATCH_SIZE", 10_000)
    outcome = Outcome()
    rows = queryset.values(
        "pk", "version", "operation", "email", "subscriber_hash", "merge_fields"
    ).iterator(chunk_size=2000)
    chunk = []
    for row in rows:
        chunk.append(batch_operation(gateway, row))
        if len(chunk) >= size:
            outcome.add(run_batch(gateway, chunk))
            chunk = []
    if chunk:
        outcome.add(run_batch(gateway, chunk))
    return outcome


def run_batch(gateway, operations):
    outcome = Outcome()
    kinds = {op["operation_id"]: op["method"] for op in operations}
    try:
        batch = gateway.start_batch(operations)
        batch = gateway.wait_for_batch(batch["id"])
        results = gateway.iter_batch_results(batch)
        synced = defaultdict(list)
        erased = defaultdict(list)
        for result in results:
            pk, version = (int(x) for x in result["operation_id"].split(":"))
            status = int(result.get("status_code") or 0)
            is_delete = kinds.get(result["operation_id"]) == "POST"
            if status < 300 or (
                status == 404 and kinds[result["operation_id"]] != "PUT"
            ):
                (erased if is_delete else synced)[version].append(pk)
                continue
            error = batch_error(status, result.get("response"))
            result_name = mark_error(pk, version, error)
            setattr(outcome, result_name, getattr(outcome, result_name) + 1)
            outcome.errors[error.title or str(status)] += 1
        outcome.synced += apply_synced(synced) + apply_synced(erased, erased=True)
    except MailchimpError as error:
        # The whole batch could not run: every row in it waits for its next
        # attempt, whatever Mailchimp said (it judged no member).
        logger.warning("A Mailchimp batch could not run: %s", error.status)
        pairs = [
            tuple(int(x) for x in op["operation_id"].split(":")) for op in operations
        ]
        outcome.retrying += postpone(pairs, error)
        outcome.unavailable = error
        outcome.errors[str(error)] += len(operations)
    return outcome


def apply_synced(groups, erased=False):
    done = 0
    fields = SYNCED_FIELDS | {"synced_at": timezone.now()}
    if erased:
        fields["subscriber_hash"] = ""
        fields["previous_hash"] = ""
    for version, pks in groups.items():
        for start in range(0, len(pks), 500):
            done += SyncRecord.objects.filter(
                pk__in=pks[start : start + 500], version=version
            ).update(**fields)
    return done


def batch_error(status, response):
    try:
        data = json.loads(response) if response else {}
    except ValueError:
        data = {}
    return MailchimpError(
        data.get("title") or f"HTTP {status}",
        status=status,
        title=data.get("title", ""),
        detail=data.get("detail", ""),
        transient=status == 429 or status >= 500,
    )


def run_member_operations(gateway, operations):
    """Apply (hash, method, body) to members not in the outbox; returns failures.

    One call each when few, one batch when many.
    """
    if len(operations) <= option("BATCH_THRESHOLD", 200):
        failures = 0
        for member_hash, _method, body in operations:
            try:
                gateway.update_member(member_hash, body)
            except MailchimpError as error:
                failures += 0 if error.is_not_found else 1
        return failures
    failures = 0
    size = option("BATCH_SIZE", 10_000)
    for start in range(0, len(operations), size):
        chunk = [
            {
                "method": method,
                "path": f"/lists/{gateway.audience_id}/members/{member_hash}",
                "operation_id": f"member:{index}",
                "body": json.dumps(body),
            }
            for index, (member_hash, method, body) in enumerate(
                operations[start : start + size], start
            )
        ]
        try:
            batch = gateway.wait_for_batch(gateway.start_batch(chunk)["id"])
        except MailchimpError:
            failures += len(chunk)
            continue
        failures += sum(
            1
            for result in gateway.iter_batch_results(batch)
            if int(result.get("status_code") or 0) >= 300
            and int(result.get("status_code") or 0) != 404
        )
    return failures
