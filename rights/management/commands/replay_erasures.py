"""Erase again everyone the ledger says was erased: run after a restore.

A backup taken before an erasure brings the person back when restored. The
consent ledger keeps a keyed hash of every erased address, so the erasure can
be replayed without keeping the address itself.
"""

from django.core.management.base import BaseCommand
from django.db.models import Max

from people import services
from people.models import ConsentEvent, Person, email_hash


class Command(BaseCommand):
    help = (
        "Erase the registered users whose erasure the ledger records (after a restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report only; erase nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        erasures = dict(
            ConsentEvent.objects.filter(action=ConsentEvent.Action.ERASED)
            .values("email_hash")
            .annotate(last=Max("occurred_at"))
            .values_list("email_hash", "last")
        )
        found = []
        for person in Person.objects.only("pk", "email", "created_at").iterator():
            erased_at = erasures.get(email_hash(person.email))
            # Someone who registered again after the erasure is a new record.
            if erased_at is not None and person.created_at <= erased_at:
                found.append(person.pk)
        if not dry_run:
            for person in Person.objects.filter(pk__in=found):
                services.erase(person, source="erasure-replay")
        verb = "would be erased" if dry_run else "erased again"
        self.stdout.write(
            f"{len(erasures)} erasures in the ledger; "
            f"{len(found)} restored records {verb}."
        )
