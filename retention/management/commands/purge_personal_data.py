"""Delete personal data past the retention periods set under Settings."""

from django.core.management.base import BaseCommand
from django.utils import translation

from retention import periods
from retention.purge import purge, purge_personal_data_task


class Command(BaseCommand):
    help = "Delete personal data that is past its retention period, with a report."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what is past its period without deleting anything.",
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
        with translation.override("en"):
            shown = "; ".join(f"{what}: {length}" for what, length in periods.shown())
        self.stdout.write(f"Retention periods: {shown}.")
        report = purge(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for what, count in report.items():
            self.stdout.write(f"{verb} {count} {what}.")
