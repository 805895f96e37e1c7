"""Delete personal data past the retention periods set under Settings."""

from django.core.management.base import BaseCommand
from django.utils import translation

from home.progress import Progress
from retention import periods
from retention.purge import WARN, purge_personal_data_task, rules, run


def describe(line, dry_run):
    """One line of the report: what the rule did (or would do), under which period."""
    how = f"kept {line.period}; {line.note}" if line.note else f"kept {line.period}"
    if line.action == WARN:
        verb = "Would warn" if dry_run else "Warned"
        return f"{verb} {line.count} people of inactivity ({how})."
    verb = "Would delete" if dry_run else "Deleted"
    return f"{verb} {line.count} {line.what} ({how})."


class Command(BaseCommand):
    help = "Delete personal data that is past its retention period, with a report."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what each rule would delete (and whom it would warn) "
            "without deleting or sending anything.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the purge to the task worker instead of running it here.",
        )

    def handle(self, *args, dry_run=False, enqueue=False, **options):
        if enqueue:
            result = purge_personal_data_task.enqueue()
            self.stdout.write(f"Purge enqueued as task {result.id}.")
            return
        verbosity = options["verbosity"]
        with translation.override("en"):
            if verbosity:
                shown = "; ".join(
                    f"{what}: {length}" for what, length in periods.shown()
                )
                self.stdout.write(f"Retention periods: {shown}.")
            with Progress(
                self.stdout,
                "Purge",
                total=len(rules()),
                verbosity=verbosity,
                unit="rules",
            ) as progress:
                lines = run(dry_run=dry_run, progress=lambda entry: progress.advance())
            if verbosity:
                for line in lines:
                    self.stdout.write(describe(line, dry_run))
