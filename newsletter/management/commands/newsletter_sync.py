"""Push the newsletter outbox to Mailchimp now."""

from django.core.management.base import BaseCommand, CommandError

from newsletter import outbox
from newsletter.gateway import Gateway
from newsletter.models import SyncRecord
from newsletter.sync import drain
from people.models import NewsletterConsent, Person


class Command(BaseCommand):
    help = (
        "Push every pending newsletter change to Mailchimp now. Exits with an "
        "error when anything is left failed or pending."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Queue the failed rows again before pushing.",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Write the desired state of every registered user with a "
            "newsletter consent first (for a first sync or a new audience).",
        )

    def handle(self, *args, retry_failed=False, all=False, **options):  # noqa: A002
        if not Gateway.is_configured():
            raise CommandError(
                "Mailchimp is not configured: set MAILCHIMP_API_KEY and "
                "MAILCHIMP_AUDIENCE_ID."
            )
        if all:
            self.stdout.write(f"Queued {queue_everyone()} registered users.")
        if retry_failed:
            count = outbox.mark_pending(
                SyncRecord.objects.filter(state=SyncRecord.State.FAILED)
            )
            self.stdout.write(f"Queued {count} failed rows again.")
        gateway = Gateway()
        try:
            outcome = drain(gateway)
        finally:
            gateway.close()
        self.stdout.write(
            f"Synced {outcome.synced}, will retry {outcome.retrying}, "
            f"failed {outcome.failed}; {gateway.calls} API calls."
        )
        for title, count in sorted(outcome.errors.items()):
            self.stdout.write(f"  {count} x {title}")
        failed = SyncRecord.objects.filter(state=SyncRecord.State.FAILED).count()
        pending = SyncRecord.objects.filter(state=SyncRecord.State.PENDING).count()
        if failed or pending:
            raise CommandError(
                f"{failed} failed and {pending} pending rows are left; see "
                "Newsletter › Mailchimp sync in the admin."
            )
        self.stdout.write(self.style.SUCCESS("Everything is in sync."))


def queue_everyone():
    """Write (or refresh) the outbox row of everyone who ever opted in."""
    people = Person.objects.exclude(newsletter_consent=NewsletterConsent.NONE)
    return outbox.queue_people(people, source="sync")
