from django.conf import settings
from django.core.management.base import BaseCommand

from consent.ledger import prune_consent_ledger


class Command(BaseCommand):
    help = "Delete consent ledger rows older than COOKIE_CONSENT_LEDGER_RETENTION_DAYS."

    def handle(self, *args, **options):
        deleted = prune_consent_ledger()
        self.stdout.write(
            f"Deleted {deleted} consent ledger rows older than "
            f"{settings.COOKIE_CONSENT_LEDGER_RETENTION_DAYS} days."
        )
