"""Write the state Mailchimp should hold, inside the transaction of the change.

Connected to ``privacy.signals`` in ``apps.py``. Receivers never touch the
network: they rewrite the person's ``SyncRecord`` and ask for a push after
the transaction commits, so a rolled-back change is never pushed and a
committed one is never lost.
"""

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .gateway import subscriber_hash
from .models import SyncRecord

MAILCHIMP = "mailchimp"


def merge_fields(person):
    return {
        "FNAME": person.first_name,
        "LNAME": person.last_name,
        "LAB": person.laboratory,
        "COUNTRY": person.country.code or "",
    }


def desired_operation(person, record):
    """What Mailchimp should do with this person, or None for "nothing at all".

    Someone who never confirmed a subscription is never sent to Mailchimp;
    once a record exists, every later change keeps Mailchimp's copy right.
    """
    if person.newsletter_subscribed:
        return SyncRecord.Operation.SUBSCRIBE
    if record is not None:
        return SyncRecord.Operation.UNSUBSCRIBE
    return None


def schedule_push(record):
    from .tasks import push_record

    transaction.on_commit(lambda: push_record.enqueue(record.pk))


def apply_desired_state(record, person, *, source, now):
    """Set ``record`` to what Mailchimp should hold for ``person`` (unsaved).

    Returns the record, a new one if ``record`` is None, or None when the
    person has nothing to do with Mailchimp.
    """
    operation = desired_operation(person, record)
    if operation is None:
        return None
    new_hash = subscriber_hash(person.email)
    # A local change still waiting to be pushed stays queued whatever else
    # happens; it now carries Mailchimp's change too.
    waiting = record is not None and record.state == SyncRecord.State.PENDING
    if record is None:
        record = SyncRecord(person_public_id=person.public_id, person=person, version=0)
    if record.subscriber_hash and record.subscriber_hash != new_hash:
        if source == MAILCHIMP:
            # Mailchimp changed the address itself (upemail): it already
            # holds the new one.
            record.previous_hash = ""
        elif not record.previous_hash:
            # Keep the hash Mailchimp holds until the change is pushed.
            record.previous_hash = record.subscriber_hash
    record.person = person
    record.email = person.email
    record.subscriber_hash = new_hash
    record.operation = operation
    record.merge_fields = merge_fields(person)
    record.changed_at = now
    record.version = (record.version or 0) + 1
    record.attempts = 0
    record.last_error = ""
    record.next_attempt_at = None
    if source == MAILCHIMP and not waiting:
        # The change came from Mailchimp: echoing it back would be noise at
        # best and a loop at worst.
        record.state = SyncRecord.State.SYNCED
        record.synced_at = now
        record.waiting_since = None
    else:
        start_waiting(record, now)
    return record


def start_waiting(record, now):
    """Queue ``record``; a row already waiting keeps the time it began to."""
    if record.state != SyncRecord.State.PENDING or record.waiting_since is None:
        record.waiting_since = now
    record.state = SyncRecord.State.PENDING


def write_desired_state(person, *, source):
    """Rewrite the person's outbox row and queue its push after commit."""
    record = (
        SyncRecord.objects.select_for_update()
        .filter(person_public_id=person.public_id)
        .first()
    )
    record = apply_desired_state(record, person, source=source, now=timezone.now())
    if record is None:
        return None
    record.save()
    if record.state == SyncRecord.State.PENDING:
        schedule_push(record)
    return record


def on_person_changed(sender, person, changes, source, previous_email=None, **kw):
    write_desired_state(person, source=source)


def on_person_erased(sender, person, source, **kwargs):
    """Queue the permanent delete; keep only the hashes it needs, no address."""
    record = (
        SyncRecord.objects.select_for_update()
        .filter(person_public_id=person.public_id)
        .first()
    )
    if record is None:
        if person.newsletter_consent == "none":
            return
        record = SyncRecord(person_public_id=person.public_id, version=0)
    current = subscriber_hash(person.email)
    if record.subscriber_hash and record.subscriber_hash != current:
        record.previous_hash = record.previous_hash or record.subscriber_hash
    record.subscriber_hash = current
    record.person = None
    queue_delete(record, timezone.now())
    schedule_push(record)


def queue_delete(record, now):
    """Turn ``record`` into a permanent delete of its hashes, and save it."""
    record.email = ""
    record.merge_fields = {}
    record.last_error = ""
    record.operation = SyncRecord.Operation.DELETE
    start_waiting(record, now)
    record.attempts = 0
    record.next_attempt_at = None
    record.changed_at = now
    record.version = (record.version or 0) + 1
    record.save()


def queue_forgotten_member(person_public_id, member_hash):
    """Queue the permanent delete of a Mailchimp member erased here.

    The reconciliation found them in the audience, and the consent ledger
    says ``person_public_id`` was erased with that address. Erasure's own
    row is reused, so the delete is retried like any other until it is done.
    """
    with transaction.atomic():
        record = (
            SyncRecord.objects.select_for_update()
            .filter(person_public_id=person_public_id)
            .first()
        )
        if record is None:
            record = SyncRecord(person_public_id=person_public_id, version=0)
        hashes = {member_hash}
        if (
            record.state == SyncRecord.State.PENDING
            and record.operation == SyncRecord.Operation.DELETE
        ):
            # A delete already waiting keeps the hashes it holds.
            hashes |= {record.subscriber_hash, record.previous_hash} - {""}
        hashes.discard(member_hash)
        record.subscriber_hash = member_hash
        record.previous_hash = hashes.pop() if hashes else ""
        record.person = None
        queue_delete(record, timezone.now())
    return record


def mark_pending(queryset):
    """Queue rows again (the admin's "retry failed" and reconciliation)."""
    return queryset.update(
        state=SyncRecord.State.PENDING,
        attempts=0,
        next_attempt_at=None,
        waiting_since=Coalesce("waiting_since", Value(timezone.now())),
        version=F("version") + 1,
    )


def queue_people(people, *, source, chunk=2000):
    """Rewrite the outbox rows of ``people`` in bulk, without a task each.

    For a first sync or a reconciliation that may cover the whole audience;
    the rows are then pushed by ``sync.drain`` in batch operations.
    """
    fields = [f.name for f in SyncRecord._meta.concrete_fields if not f.primary_key]
    people = people.order_by("pk")
    count = 0
    last = 0
    while True:
        batch = list(people.filter(pk__gt=last)[:chunk])
        if not batch:
            return count
        now = timezone.now()
        with transaction.atomic():
            existing = SyncRecord.objects.select_for_update().in_bulk(
                [p.public_id for p in batch], field_name="person_public_id"
            )
            new, changed = [], []
            for person in batch:
                old = existing.get(person.public_id)
                record = apply_desired_state(old, person, source=source, now=now)
                if record is not None:
                    (changed if old is not None else new).append(record)
            SyncRecord.objects.bulk_create(new, batch_size=500)
            SyncRecord.objects.bulk_update(changed, fields, batch_size=500)
        count += len(new) + len(changed)
        last = batch[-1].pk
