"""Delete personal data past the retention periods set under Settings."""

from django.core.management.base import BaseCommand

from privacy.retention.models import RetentionSettings
from privacy.retention.purge import purge, purge_personal_data_task

LABELS = {
    "visits": "visitor-log rows",
    "unconfirmed_signups": "unconfirmed sign-ups",
    "inactive_accounts": "inactive registered users",
    "closed_requests": "closed data-subject requests",
    "access_links": "expired or used “Manage my data” links",
}


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
        settings = RetentionSettings.current()
        self.stdout.write(
            "Retention periods: visitor log "
            f"{settings.visitor_log_months} months, unconfirmed sign-ups "
            f"{settings.unconfirmed_signup_days} days, inactive accounts "
            f"{settings.inactive_account_months} months, request evidence "
            f"{settings.request_evidence_months} months."
        )
        report = purge(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for key, label in LABELS.items():
            self.stdout.write(f"{verb} {report[key]} {label}.")
