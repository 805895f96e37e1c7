"""How long each kind of personal data is kept; the DPO edits, the notice shows."""

import calendar
import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


def add_months(moment, months):
    """``moment`` plus whole calendar months, clamped to the month's last day.

    31 January + 1 month is 28 (or 29) February, as the GDPR's "one month"
    deadline is read by the CNIL and the EDPB. An aware moment is counted in
    the site's time zone, so the answer does not depend on the zone the
    moment happens to carry (a form gives Paris time, the database UTC).
    """
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def months_text(months):
    if months and months % 12 == 0:
        years = months // 12
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}


def days_text(days):
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


@register_setting(icon="time")
class RetentionSettings(BaseGenericSetting):
    """Retention periods; ``purge_personal_data`` deletes what is past them."""

    visitor_log_months = models.PositiveSmallIntegerField(
        _("visitor log (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(13)],
        help_text=_(
            "IP address, date and time, operating system and browser of each page "
            "view. The CNIL recommends at most 13 months for audience measurement "
            "records; 12 months covers a full year of statistics. Anonymous daily "
            "statistics are kept."
        ),
    )
    unconfirmed_signup_days = models.PositiveSmallIntegerField(
        _("unconfirmed sign-ups (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "A sign-up whose confirmation link was never followed is deleted after "
            "this many days; the link stops working at the same time."
        ),
    )
    inactive_account_months = models.PositiveSmallIntegerField(
        _("inactive accounts (months)"),
        default=36,
        validators=[MinValueValidator(6), MaxValueValidator(120)],
        help_text=_(
            "A registered user who has shown no activity for this long is erased. "
            "Three years after the last contact is the CNIL's reference period for "
            "prospects and users of a service."
        ),
    )
    request_evidence_months = models.PositiveSmallIntegerField(
        _("data-subject request evidence (months)"),
        default=60,
        validators=[MinValueValidator(12), MaxValueValidator(120)],
        help_text=_(
            "Closed data-subject requests and their audit trail are kept this long "
            "to prove how they were answered: five years, the limitation period "
            "for civil claims in France."
        ),
    )

    contact_message_months = models.PositiveSmallIntegerField(
        _("contact messages (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_(
            "Messages sent through the contact form are deleted this long after "
            "they arrive: a year leaves time to answer and to follow up."
        ),
    )
    login_attempt_months = models.PositiveSmallIntegerField(
        _("administrators' login records (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_(
            "Admin login attempts, failed logins and logins (username, IP "
            "address) are security logs; the CNIL recommends six months to a "
            "year for them."
        ),
    )
    task_result_days = models.PositiveSmallIntegerField(
        _("finished background tasks (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "The results of finished background tasks (their arguments may name "
            "a person) are deleted this long after they finish."
        ),
    )
    webhook_event_days = models.PositiveSmallIntegerField(
        _("mail service notifications (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "Records of the unsubscriptions and bounces the mail service "
            "reported are deleted this long after they arrive; the consent "
            "ledger keeps the proof."
        ),
    )

    panels = [
        FieldPanel("visitor_log_months"),
        FieldPanel("unconfirmed_signup_days"),
        FieldPanel("inactive_account_months"),
        FieldPanel("request_evidence_months"),
        FieldPanel("contact_message_months"),
        FieldPanel("login_attempt_months"),
        FieldPanel("task_result_days"),
        FieldPanel("webhook_event_days"),
    ]

    class Meta:
        verbose_name = _("retention periods")

    @classmethod
    def current(cls):
        return cls.load()

    def cutoffs(self, now=None):
        """The moment before which each kind of data is past its period."""
        now = now or timezone.now()
        return {
            "visits": add_months(now, -self.visitor_log_months),
            "unconfirmed": now - datetime.timedelta(days=self.unconfirmed_signup_days),
            "inactive": add_months(now, -self.inactive_account_months),
            "requests": add_months(now, -self.request_evidence_months),
            "contact_messages": add_months(now, -self.contact_message_months),
            "login_attempts": add_months(now, -self.login_attempt_months),
            "task_results": now - datetime.timedelta(days=self.task_result_days),
            "webhook_events": now - datetime.timedelta(days=self.webhook_event_days),
        }

    def length_text(self, key):
        """How long the period ``key`` is, in words ("12 months")."""
        field_name, _label = PERIOD_FIELDS[key]
        value = getattr(self, field_name)
        return days_text(value) if field_name.endswith("_days") else months_text(value)

    def periods(self):
        """(key, what, how long) of each period set here, in the notice's words."""
        return [
            (key, label, self.length_text(key))
            for key, (_field, label) in PERIOD_FIELDS.items()
        ]


def current_length(key):
    return RetentionSettings.current().length_text(key)


# The periods set here: key -> (field, what it limits, in the notice's words).
PERIOD_FIELDS = {
    "visitor_log": (
        "visitor_log_months",
        _("Visitor log (IP address, date and time, operating system, browser)"),
    ),
    "unconfirmed_signups": (
        "unconfirmed_signup_days",
        _("Sign-ups whose email address was never confirmed"),
    ),
    "inactive_accounts": (
        "inactive_account_months",
        _("Registered users' records, after their last activity"),
    ),
    "request_evidence": (
        "request_evidence_months",
        _("Data-subject requests and how they were answered, once closed"),
    ),
    "contact_messages": (
        "contact_message_months",
        _("Messages sent through the contact form"),
    ),
    "login_attempts": (
        "login_attempt_months",
        _("Administrators' login attempts and logins (username, IP address)"),
    ),
    "task_results": (
        "task_result_days",
        _("Results of background tasks, once finished"),
    ),
    "webhook_events": (
        "webhook_event_days",
        _("Unsubscriptions and bounces reported by the mail service"),
    ),
}
