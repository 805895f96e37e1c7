from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Page

from home.progress import Progress
from plone.importer import Importer, check_blobs
from plone.models import PloneImport
from plone.reader import ExportError, read_export


class Command(BaseCommand):
    help = (
        "Import a Plone site's export (plone.exportimport folder or ZIP, or "
        "collective.exportimport JSON files): pages, images, files, redirects, "
        "translations, members. Running it again changes only what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The export: a folder, a ZIP or a JSON file.")
        parser.add_argument(
            "--parent",
            help="The id of the page to import under (default: the site's home page).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be created, updated and skipped; write nothing.",
        )

    def handle(self, *args, path, parent=None, dry_run=False, **options):
        parent_page = None
        if parent:
            try:
                parent_page = Page.objects.get(pk=int(parent)).specific
            except (ValueError, Page.DoesNotExist):
                raise CommandError(f"No page has the id {parent!r}.") from None
        started = timezone.now()
        source = Path(path).name[:255]
        try:
            export = read_export(path)
            check_blobs(export)
            with Progress(
                self.stdout,
                "Plone import",
                total=len(export.items),
                verbosity=options.get("verbosity", 1),
                unit="items",
            ) as progress:
                report = Importer(
                    export,
                    parent=parent_page,
                    dry_run=dry_run,
                    progress=progress.advance,
                ).run()
        except ExportError as error:
            # Refused, as a dry run, leaves the database as it was: the
            # message is the report.
            raise CommandError(
                f"The export was refused, nothing was imported: {error}"
            ) from None
        lines = report.lines()
        if not dry_run:
            self.keep(report, lines, source, started)
        for line in lines:
            self.stdout.write(line)

    def keep(self, report, lines, source, started):
        kept = PloneImport(
            source=source,
            requested_at=started,
            started_at=started,
            finished_at=timezone.now(),
            status=PloneImport.Status.DONE,
        )
        kept.keep_report(report, lines)
        kept.save()
