"""What the site wants Mailchimp to hold, and what happened when it tried."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from people.models import Person


class SyncRecord(models.Model):
    """The outbox: one row per person, holding the state Mailchimp should have.

    Every change to a registered user rewrites the row in the same database
    transaction, and bumps ``version``; a push marks the row synced only if
    the version it pushed is still the latest, so nothing newer is lost.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SYNCED = "synced", _("Synced")
        FAILED = "failed", _("Failed")

    class Operation(models.TextChoices):
        SUBSCRIBE = "subscribe", _("Subscribe")
        UNSUBSCRIBE = "unsubscribe", _("Unsubscribe")
        DELETE = "delete", _("Delete permanently")

    person = models.OneToOneField(
        Person,
        verbose_name=_("registered user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mailchimp_sync",
    )
    person_public_id = models.UUIDField(_("person's pseudonymous id"), unique=True)
    email = models.EmailField(_("email address"), max_length=254, blank=True)
    subscriber_hash = models.CharField(
        _("Mailchimp subscriber hash"), max_length=32, blank=True, db_index=True
    )
    previous_hash = models.CharField(
        _("subscriber hash before an address change"), max_length=32, blank=True
    )
    operation = models.CharField(
        _("operation"), max_length=20, choices=Operation.choices
    )
    merge_fields = models.JSONField(_("merge fields"), default=dict, blank=True)
    state = models.CharField(
        _("sync state"),
        max_length=20,
        choices=State.choices,
        default=State.PENDING,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    # Kept while later changes pile up on a row that has not reached
    # Mailchimp yet: how long Mailchimp has been behind, not how recent the
    # latest change is.
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    synced_at = models.DateTimeField(_("last synced"), null=True, blank=True)

    class Meta:
        verbose_name = _("Mailchimp sync record")
        verbose_name_plural = _("Mailchimp sync")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        # The pseudonymous id, never the name: titles and breadcrumbs of the
        # admin are seen by people who may not see who subscribed.
        if self.person_id is None and self.operation == self.Operation.DELETE:
            return gettext("%(id)s (erased)") % {"id": self.person_public_id}
        return str(self.person_public_id)

    @property
    def desired_status(self):
        return {
            self.Operation.SUBSCRIBE: "subscribed",
            self.Operation.UNSUBSCRIBE: "unsubscribed",
        }.get(self.operation, "")


class ReconciliationReport(models.Model):
    """The outcome of one ``newsletter_reconcile`` run; names no one."""

    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    counts = models.JSONField(_("counts"), default=dict)
    api_calls = models.PositiveIntegerField(_("API calls"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("reconciliation report")
        verbose_name_plural = _("reconciliation reports")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return gettext("Reconciliation of %(when)s") % {
            "when": timezone.localtime(self.started_at).strftime("%Y-%m-%d %H:%M")
        }


class WebhookEvent(models.Model):
    """Each Mailchimp webhook call the site acted on; pseudonymous like the ledger."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Applied")
        UNCHANGED = "unchanged", _("Already up to date")
        UNKNOWN = "unknown", _("No registered user with this address")
        IGNORED = "ignored", _("Ignored")

    received_at = models.DateTimeField(_("received"), default=timezone.now)
    event_type = models.CharField(_("event"), max_length=20)
    person_public_id = models.UUIDField(
        _("person's pseudonymous id"), null=True, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    source = models.CharField(_("source"), max_length=20, default="mailchimp")

    class Meta:
        verbose_name = _("Mailchimp webhook event")
        verbose_name_plural = _("Mailchimp webhook events")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.event_type}: {self.get_outcome_display()}"


class BacklogAlert(models.Model):
    """One email about changes waiting too long for Mailchimp; names no one.

    At most one is open (``cleared_at`` empty) at a time: a backlog gets one
    alert, and a new one only after the outbox has emptied.
    """

    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    waiting_since = models.DateTimeField(_("oldest change waiting since"))
    waiting = models.PositiveIntegerField(_("changes waiting"))
    recipients = models.PositiveIntegerField(_("recipients"))
    cleared_at = models.DateTimeField(_("backlog cleared"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter backlog alert")
        verbose_name_plural = _("newsletter backlog alerts")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return gettext("Backlog alert of %(when)s") % {
            "when": timezone.localtime(self.sent_at).strftime("%Y-%m-%d %H:%M")
        }
