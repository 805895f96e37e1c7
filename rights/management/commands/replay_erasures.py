"""Erase again everyone erased after the backup that was restored.

A backup taken before an erasure brings the person back when restored, and
the database's ledger comes back as it was at the backup, without the
erasure. The erasure journal (``settings.ERASURE_JOURNAL``), a file kept
apart from the database, still holds a keyed hash of every erased address
and the time: the erasure can be replayed without keeping the address. Run
this right after every restore, before the site serves again (see the
README's backup section).
"""

from django.core.management.base import BaseCommand

from home.progress import Progress
from people import journal, services
from people.models import Person, email_hash


class Command(BaseCommand):
    help = (
        "After a restore: erase again the registered users whose erasure the "
        "journal or the ledger records."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report only; erase nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if journal.path() is None:
            self.stderr.write(
                "ERASURE_JOURNAL is not set: only the erasures the database's "
                "own ledger holds can be replayed."
            )
        elif not journal.path().exists():
            self.stderr.write(
                f"No erasure journal at {journal.path()}: nothing erased yet, or "
                "the journal's volume is not mounted."
            )
        verbosity = options["verbosity"]
        erasures = services.erasures()
        found = []
        people = Person.objects.only("pk", "email", "created_at")
        with Progress(
            self.stdout,
            "Looking for erased people",
            total=people.count(),
            verbosity=verbosity,
            unit="records",
        ) as progress:
            for person in people.iterator():
                known = erasures.get(email_hash(person.email))
                # Someone who registered again after the erasure is a new record.
                if known is not None and person.created_at <= known[0]:
                    found.append((person.pk, known[0]))
                progress.advance()
        if not dry_run:
            with Progress(
                self.stdout,
                "Erasing again",
                total=len(found),
                verbosity=verbosity,
                unit="records",
            ) as progress:
                for pk, erased_at in found:
                    person = Person.objects.filter(pk=pk).first()
                    if person is not None:
                        services.erase(
                            person, source="erasure-replay", erased_at=erased_at
                        )
                    progress.advance()
        if verbosity:
            verb = "would be erased" if dry_run else "erased again"
            self.stdout.write(
                f"{len(erasures)} erasures known; {len(found)} restored records {verb}."
            )
