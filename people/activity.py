"""What counts as a person's activity, and the link that keeps an idle record.

A record idle for the inactive-account period is erased
(``people.personal_data.purge_people``), after a warning mailed
``WARNING_DAYS`` days before. Activity is a sign from the person: following
the sign-up confirmation link, opening "Manage my data", giving a consent, the
"keep my record" link of the warning, or the DPO's "Mark as active" when the
person got in touch some other way. Each moves ``last_active_at`` and clears
the warning, so the clock starts afresh. Newsletter opens and clicks do not
count: Mailchimp reports them to no one here.
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import Person

logger = logging.getLogger(__name__)

CONFIRMATION = "confirmation"
MY_DATA = "my-data"
CONSENT = "consent"
ADMIN = "admin"
STAY_LINK = "stay-link"
REASONS = (CONFIRMATION, MY_DATA, CONSENT, ADMIN, STAY_LINK)

# The warning comes this many days before the erasure, and its link works as
# long.
WARNING_DAYS = 30
WARNING_NOTICE = datetime.timedelta(days=WARNING_DAYS)
STAY_SALT = "people.inactivity-stay"


def record_activity(person, reason, *, language=None, now=None):
    """The person showed a sign of life: the inactivity clock starts again.

    ``language`` (the site's language during the activity) is remembered
    for the emails the site sends on its own.
    """
    if reason not in REASONS:
        raise ValueError(f"Unknown kind of activity: {reason!r}")
    changes = {"last_active_at": now or timezone.now(), "inactivity_warned_at": None}
    if language in dict(settings.LANGUAGES):
        changes["language"] = language
    Person.objects.filter(pk=person.pk).update(**changes)
    for name, value in changes.items():
        setattr(person, name, value)
    logger.info("Activity of person %s: %s.", person.pk, reason)


def stay_token(person):
    """The signed token of the warning's "keep my record" link."""
    return signing.dumps(str(person.public_id), salt=STAY_SALT)


def person_from_stay_token(token):
    """The person the token was made for, or None if tampered, expired or gone."""
    try:
        public_id = signing.loads(
            token, salt=STAY_SALT, max_age=WARNING_NOTICE.total_seconds()
        )
    except signing.BadSignature:
        return None
    return Person.objects.filter(public_id=public_id).first()
