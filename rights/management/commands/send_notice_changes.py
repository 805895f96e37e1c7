"""Finish every notice change mailing left unfinished (after a worker stopped).

Safe beside running workers and safe to repeat: rows are claimed one by one,
so nobody is emailed twice.
"""

from django.core.management.base import BaseCommand

from rights import notice_mailing
from rights.models import NoticeChangeMailing


class Command(BaseCommand):
    help = "Send what is left of unfinished notice change mailings, in this process."

    def handle(self, *args, **options):
        mailings = NoticeChangeMailing.objects.filter(
            finished_at__isnull=True
        ).select_related("version__page")
        for mailing in mailings:
            notice_mailing.prepare(mailing)
            while notice_mailing.send_batch(mailing) and not notice_mailing.finish(
                mailing
            ):
                pass
            notice_mailing.finish(mailing)
            self.stdout.write(
                f"Mailing {mailing.pk}: {mailing.sent}/{mailing.total} sent, "
                f"{mailing.interrupted()} interrupted, "
                f"{mailing.failed} failed."
            )
