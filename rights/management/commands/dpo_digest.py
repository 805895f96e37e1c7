"""Email the DPO the data-subject requests due soon or overdue (working days)."""

from django.core.management.base import BaseCommand

from rights.alerts import send_digest


class Command(BaseCommand):
    help = (
        "On a working day, email the DPO the open data-subject requests due "
        "within 7 days and those overdue; nothing when none is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--any-day",
            action="store_true",
            help="Send on a weekend too (by hand, after a long weekend).",
        )

    def handle(self, *args, any_day=False, **options):
        sent = send_digest(any_day=any_day)
        if options["verbosity"]:
            self.stdout.write(
                "Digest emailed to the DPO." if sent else "No digest: nothing due."
            )
