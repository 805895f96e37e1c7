"""Create the local demo administrator once and print how to log in."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"
SECRET_FILE = Path(settings.BASE_DIR) / ".demo-admin"


class Command(BaseCommand):
    help = "Create the demo superuser 'admin' once and print its login."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="The address the site answers on, for the printed links.",
        )

    def handle(self, *args, **options):
        User = get_user_model()
        if not User.objects.filter(username=USERNAME).exists():
            secret = secrets.token_urlsafe(12)
            User.objects.create_superuser(
                USERNAME, email="admin@example.org", password=secret
            )
            SECRET_FILE.write_text(secret + "\n")
            SECRET_FILE.chmod(0o600)
        if SECRET_FILE.exists():
            shown = SECRET_FILE.read_text().strip()
        else:
            shown = "unknown: reset it with `manage.py changepassword admin`"
        if options["verbosity"] == 0:
            return
        base = options["base_url"].rstrip("/")
        self.stdout.write(
            f"\n  Site:  {base}/\n  Admin: {base}/admin/\n"
            f"  Username: {USERNAME}\n  Password: {shown}\n"
        )
