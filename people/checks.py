"""Deployment checks for what erasure relies on outside the database."""

import os
from pathlib import Path

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_erasure_journal(app_configs=None, **kwargs):
    configured = getattr(settings, "ERASURE_JOURNAL", "")
    if not configured:
        return [
            checks.Warning(
                "ERASURE_JOURNAL is empty: erasures made after a backup cannot be "
                "replayed once that backup is restored.",
                hint="Set ERASURE_JOURNAL to a file on a volume of its own.",
                id="people.W001",
            )
        ]
    folder = Path(configured).parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        return [
            checks.Warning(
                f"The erasure journal's folder {folder} does not exist or is not "
                "writable: every erasure would fail.",
                hint="Create the folder, writable by the site's user.",
                id="people.W002",
            )
        ]
    return []
