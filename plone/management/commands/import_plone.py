from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from plone.importer import Importer, check_blobs
from plone.reader import ExportError, read_export


class Command(BaseCommand):
    help = (
        "Import a Plone site's export (plone.exportimport folder or ZIP, or "
        "collective.exportimport JSON files): pages, images, files, redirects, "
        "translations. Running it again changes only what changed."
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
        try:
            export = read_export(path)
            check_blobs(export)
            report = Importer(export, parent=parent_page, dry_run=dry_run).run()
        except ExportError as error:
            raise CommandError(
                f"The export was refused, nothing was imported: {error}"
            ) from None
        for line in report.lines():
            self.stdout.write(line)
