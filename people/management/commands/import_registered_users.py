"""Import the platform's existing users from a CSV file.

Columns (header row required): full_name, email, laboratory, address,
country (ISO 3166 code or English name). Each record notes the file it came
from. A row whose address is already registered is refused and reported,
never merged.
"""

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django_countries import countries

from home.progress import Progress
from people import services

REQUIRED = ("full_name", "email")
COLUMNS = ("full_name", "email", "laboratory", "address", "country")


def country_code(value):
    value = (value or "").strip()
    if not value:
        return ""
    if countries.alpha2(value):
        return countries.alpha2(value)
    code = countries.by_name(value)
    if code:
        return code
    raise ValueError(f"unknown country {value!r}")


class Command(BaseCommand):
    help = "Import registered users from a CSV file; duplicates are refused."

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV file with a header row")
        parser.add_argument(
            "--source",
            help="Where the records came from (default: import:<file name>)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file, save nothing"
        )

    def handle(self, *args, path, source=None, dry_run=False, **options):
        path = Path(path)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        source = (source or f"import:{path.name}")[:200]
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(
                    f"The file lacks the column(s): {', '.join(missing)}. "
                    f"Expected: {', '.join(COLUMNS)}."
                )
            imported, errors, seen = 0, [], set()
            verbosity = options["verbosity"]
            with Progress(
                self.stdout, "Import", verbosity=verbosity, unit="rows"
            ) as progress:
                for line, row in enumerate(reader, start=2):
                    try:
                        data = self.clean_row(row, seen)
                        with transaction.atomic():
                            services.register(**data, source=source, confirmed=True)
                            if dry_run:
                                transaction.set_rollback(True)
                        imported += 1
                    except (ValueError, ValidationError) as error:
                        # The row number, never the address: output may be logged.
                        errors.append(f"line {line}: {self.reason(error)}")
                    progress.advance()
        verb = "would import" if dry_run else "imported"
        if verbosity:
            self.stdout.write(f"{imported} registered user(s) {verb} from {path.name}.")
        # Refusals are errors: they show whatever the verbosity.
        for error in errors:
            self.stderr.write(f"Refused {error}")
        if errors:
            self.stderr.write(f"{len(errors)} row(s) refused; nothing merged.")

    def clean_row(self, row, seen):
        data = {c: (row.get(c) or "").strip() for c in COLUMNS}
        if not data["full_name"]:
            raise ValueError("no full name")
        validate_email(data["email"])
        key = data["email"].lower()
        if key in seen:
            raise ValueError("the same email address appears twice in the file")
        seen.add(key)
        data["country"] = country_code(data["country"])
        return data

    @staticmethod
    def reason(error):
        if isinstance(error, services.DuplicateEmail):
            return "a registered user with this email address already exists"
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            # Field names only: the values may be someone's name or address.
            return "invalid " + ", ".join(sorted(error.error_dict))
        if isinstance(error, ValidationError):
            return "invalid email address"
        return str(error)
