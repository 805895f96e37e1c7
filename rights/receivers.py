"""What ``rights`` does when the apps below it announce a change.

Connected in ``RightsConfig.ready``.
"""

import logging

from django.db import transaction
from django.utils import translation

from .models import LanguagePreference, NoticeChangeMailing
from .notice_mailing import site_languages
from .tasks import send_notice_change

logger = logging.getLogger(__name__)

SIGNUP_SOURCE = "signup"


def record_language(sender, person, changes, source, **kwargs):
    """On a sign-up's confirmation, remember the language the person signed up in.

    Only sign-ups: a record the DPO adds or imports is confirmed in whatever
    language the admin or the command happens to use, which says nothing of
    the person.
    """
    language = translation.get_language()
    if (
        "confirmed" not in changes
        or source != SIGNUP_SOURCE
        or language not in site_languages()
    ):
        return
    LanguagePreference.objects.update_or_create(
        person=person, defaults={"language": language}
    )


def start_mailing(sender, version, material, **kwargs):
    """Receiver of ``notice_published``: one mailing per material version."""
    # A first version changes nothing readers knew (see last_material_change).
    if not material or version.number <= 1:
        return None
    mailing, created = NoticeChangeMailing.objects.get_or_create(
        version=version,
        defaults={"language": version.page.locale.language_code},
    )
    if mailing.finished_at is None:
        pk = mailing.pk
        transaction.on_commit(lambda: send_notice_change.enqueue(pk))
    if created:
        logger.info("Notice change mailing %s started", mailing.pk)
    return mailing
