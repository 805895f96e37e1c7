"""Print everything held about a registered user as JSON (GDPR art. 15)."""

from django.core.management.base import BaseCommand, CommandError

from people import export
from people.models import Person


class Command(BaseCommand):
    help = "Print the JSON export of the registered user with this email address."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        person = Person.objects.by_email(email).first()
        if person is None:
            raise CommandError("No registered user has this email address.")
        self.stdout.write(export.as_json(export.person_data(person)))
