"""Push the newsletter outbox to Mailchimp (every five minutes, from the scheduler)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.timesince import timesince

from home.progress import Progress
from newsletter import backlog, outbox
from newsletter.gateway import Gateway
from newsletter.models import SyncRecord
from newsletter.sync import drain, drain_due
from people.models import NewsletterConsent, Person


class Command(BaseCommand):
    help = (
        "Push the newsletter changes whose next attempt has come to Mailchimp, "
        "and email Communications and the DPO once when changes have waited "
        "longer than NEWSLETTER_ALERT_AFTER. Changes Mailchimp cannot take "
        "now wait for a later run; the command prints one line about them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Queue the rows Mailchimp refused again before pushing.",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Write the desired state of every registered user with a "
            "newsletter consent first (for a first sync or a new audience).",
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="Push every waiting row now, without waiting for its next "
            "attempt (after an outage known to be over).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Exit with an error when changes are left waiting or refused "
            "(for monitoring; the scheduler does not use it).",
        )

    def handle(self, *args, retry_failed=False, all=False, now=False, **options):  # noqa: A002
        if not Gateway.is_configured():
            waiting = SyncRecord.objects.filter(state=SyncRecord.State.PENDING)
            message = (
                "Mailchimp is not configured (MAILCHIMP_API_KEY, "
                f"MAILCHIMP_AUDIENCE_ID): {waiting.count()} changes wait in the "
                "outbox."
            )
            if options["check"]:
                raise CommandError(message)
            self.stdout.write(message)
            return
        if all:
            queued = queue_everyone()
            if options["verbosity"]:
                self.stdout.write(f"Queued {queued} registered users.")
        if retry_failed:
            count = outbox.mark_pending(
                SyncRecord.objects.filter(state=SyncRecord.State.FAILED)
            )
            if options["verbosity"]:
                self.stdout.write(f"Queued {count} failed rows again.")
        gateway = Gateway()
        try:
            with Progress(
                self.stdout,
                "Changes pushed to Mailchimp",
                total=SyncRecord.objects.filter(state=SyncRecord.State.PENDING).count(),
                verbosity=options["verbosity"],
                unit="changes",
            ) as progress:
                if now:
                    outcome = drain(gateway, progress=progress.advance)
                else:
                    outcome = drain_due(gateway, progress=progress.advance)
        finally:
            gateway.close()
        if options["verbosity"] > 1:
            for title, count in sorted(outcome.errors.items()):
                self.stdout.write(f"  {count} x {title}")
        alert = backlog.check()
        state = backlog.current()
        line = (
            f"Synced {outcome.synced}, refused {outcome.failed}; "
            f"{gateway.calls} API calls. "
        )
        if state.oldest is not None:
            line += (
                f"{state.waiting} changes wait for Mailchimp, the oldest for "
                f"{timesince(state.since, timezone.now())}"
            )
            if outcome.unavailable is not None:
                line += f" (Mailchimp: {outcome.unavailable})"
            line += "."
        else:
            line += "Nothing waits."
        if state.failed:
            line += (
                f" {state.failed} refused by Mailchimp: see Newsletter › Overview "
                "in the admin."
            )
        if alert is not None:
            line += f" Alert emailed to {alert.recipients} people."
        if options["check"] and (state.waiting or state.failed):
            raise CommandError(line)
        if options["verbosity"]:
            self.stdout.write(line)


def queue_everyone():
    """Write (or refresh) the outbox row of everyone who ever opted in."""
    people = Person.objects.exclude(newsletter_consent=NewsletterConsent.NONE)
    return outbox.queue_people(people, source="sync")
