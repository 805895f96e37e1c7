"""Every registered kind of personal data names a period that exists."""

from django.core import checks

from home import personal_data

from . import periods


@checks.register()
def retention_periods_exist(app_configs=None, **kwargs):
    return [
        checks.Error(
            f"{entry.label} is kept for the retention period {entry.retention!r}, "
            "which no app registers.",
            hint="Register it with retention.periods.register() in an AppConfig.",
            id="retention.E001",
        )
        for entry in personal_data.entries()
        if entry.retention is not None and entry.retention not in periods.keys()
    ]
