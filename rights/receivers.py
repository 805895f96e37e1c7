"""What ``rights`` does when the apps below it announce a change.

Connected in ``RightsConfig.ready``.
"""

import logging

from django.db import transaction

from .models import NoticeChangeMailing
from .tasks import send_notice_change

logger = logging.getLogger(__name__)


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
