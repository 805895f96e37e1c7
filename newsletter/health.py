"""The Mailchimp outbox in /health/ (home/health.py)."""

import dataclasses
import datetime as dt

from django.conf import settings
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from home.health import age, describe


@dataclasses.dataclass
class MailchimpOutbox(HealthCheck):
    """No change has waited for Mailchimp longer than NEWSLETTER_ALERT_AFTER."""

    def run(self):
        from . import backlog

        current = backlog.current()
        if current.oldest is None:
            return
        waited = age(current.oldest.since)
        if waited > dt.timedelta(seconds=settings.NEWSLETTER_ALERT_AFTER):
            raise ServiceUnavailable(
                f"{current.waiting} changes wait for Mailchimp, the oldest for "
                f"{describe(waited)}"
            )
