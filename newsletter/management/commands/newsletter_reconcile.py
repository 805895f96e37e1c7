"""Compare the Mailchimp audience with the site and repair the drift."""

from django.core.management.base import BaseCommand, CommandError

from home.progress import Progress
from newsletter.gateway import Gateway
from newsletter.reconcile import format_report, reconcile


class Command(BaseCommand):
    help = (
        "Read the whole Mailchimp audience, compare it with the registered "
        "users and repair the differences: the site decides who opted in, "
        "Mailchimp who unsubscribed or bounced. Prints a report."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report the differences without changing anything.",
        )

    def handle(self, *args, dry_run=False, **options):
        if not Gateway.is_configured():
            raise CommandError(
                "Mailchimp is not configured: set MAILCHIMP_API_KEY and "
                "MAILCHIMP_AUDIENCE_ID."
            )
        with Progress(
            self.stdout,
            "Mailchimp members compared",
            verbosity=options["verbosity"],
            unit="members",
        ) as progress:
            report = reconcile(dry_run=dry_run, progress=progress.advance)
        if options["verbosity"]:
            self.stdout.write(format_report(report))
        if report.error:
            raise CommandError("The reconciliation did not finish.")
