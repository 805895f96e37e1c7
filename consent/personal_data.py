"""The cookie consent ledger as personal data, and its retention period.

Registered by ``ConsentConfig.ready``. Ledger rows hold a random consent ID
and no address, so no person can be found in them to erase; they are pruned
after ``COOKIE_CONSENT_LEDGER_RETENTION_DAYS`` by ``prune_consent_ledger``.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from home import personal_data
from retention import periods
from retention.models import days_text, months_text

PERIOD = "consent_ledger"


def ledger_length():
    days = settings.COOKIE_CONSENT_LEDGER_RETENTION_DAYS
    if days >= 365:
        return months_text(days // 365 * 12)
    return days_text(days)


def register():
    periods.register(
        PERIOD, _("Proof of cookie choices (consent ledger)"), ledger_length
    )
    personal_data.register(
        "consent.ConsentRecord",
        "Cookie consent ledger (random consent IDs)",
        retention=PERIOD,
        erasure="kept: a random consent ID that no record links to a person",
    )
