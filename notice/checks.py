"""The notice consistency rules as a Django system check.

The check reads the database, so it is a database check: it runs with
``manage.py check --database default`` and during ``migrate``, and stays
silent when the tables do not exist yet.
"""

from django.core import checks
from django.db import DatabaseError


@checks.register(checks.Tags.database)
def notice_matches_the_site(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from .consistency import check_page
    from .models import PrivacyNoticePage

    messages = []
    try:
        notices = list(PrivacyNoticePage.objects.live().select_related("locale"))
        for notice in notices:
            for finding in check_page(notice):
                messages.append(
                    checks.Warning(
                        f"{notice.title} ({notice.locale.language_code}): "
                        f"{finding.message}",
                        hint=str(finding.hint) or None,
                        obj=notice,
                        id=finding.id,
                    )
                )
    except DatabaseError:
        return []
    return messages
