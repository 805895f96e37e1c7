"""Erase a registered user everywhere, as "Manage my data" does (GDPR art. 17)."""

from django.core.management.base import BaseCommand, CommandError

from people.erasure import erase_person
from people.models import Person


class Command(BaseCommand):
    help = (
        "Erase the registered user with this email address from every place the "
        "site keeps them. Only the pseudonymous consent ledger remains."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm the erasure; without it nothing is deleted.",
        )

    def handle(self, *args, email, yes=False, **options):
        person = Person.objects.by_email(email).first()
        if person is None:
            raise CommandError("No registered user has this email address.")
        if not yes:
            raise CommandError(
                "Erasure cannot be undone. Run again with --yes to erase registered "
                f"user #{person.pk}."
            )
        erase_person(person, source="dpo-command")
        self.stdout.write(f"Registered user #{person.pk} erased.")
