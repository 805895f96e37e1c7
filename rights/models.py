"""Self-service access links and the DPO's queue of data-subject requests."""

import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.validators import validate_mailbox
from people.models import Person
from people.validators import NAME_LENGTH, multi_line, single_line
from retention.models import add_months

MESSAGE_LENGTH = 5000
REASON_LENGTH = 2000
ANSWER_LENGTH = 10000


class AccessLink(models.Model):
    """A "Manage my data" link: single use, short-lived, stored only as a hash."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="access_links",
        verbose_name=_("registered user"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("access link")
        verbose_name_plural = _("access links")

    def __str__(self):
        return _("Access link %(pk)s") % {"pk": self.pk}

    @property
    def usable(self):
        return self.used_at is None and self.expires_at > timezone.now()


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access to my data (art. 15)")
    RECTIFICATION = "rectification", _("Correction of my data (art. 16)")
    ERASURE = "erasure", _("Erasure of my data (art. 17)")
    RESTRICTION = "restriction", _("Restriction of processing (art. 18)")
    PORTABILITY = "portability", _("A copy to take elsewhere (art. 20)")
    OBJECTION = "objection", _("Objection to processing (art. 21)")
    CONSENT = "consent", _("Withdrawal of consent")
    OTHER = "other", _("Another question about my data")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IDENTITY_CHECK = "identity_check", _("Checking identity")
    IN_PROGRESS = "in_progress", _("In progress")
    EXTENDED = "extended", _("Extended")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused")


OPEN_STATUSES = (
    RequestStatus.RECEIVED,
    RequestStatus.IDENTITY_CHECK,
    RequestStatus.IN_PROGRESS,
    RequestStatus.EXTENDED,
)
CLOSED_STATUSES = (RequestStatus.ANSWERED, RequestStatus.REFUSED)
DUE_SOON_DAYS = 7


class DataSubjectRequestQuerySet(models.QuerySet):
    def of(self, person):
        """The person's requests: linked to the record, or sent from its address."""
        return self.filter(
            models.Q(person=person) | models.Q(email__iexact=person.email)
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self):
        return self.filter(status__in=CLOSED_STATUSES)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())

    def due_soon(self, now=None):
        now = now or timezone.now()
        return self.open().filter(
            due_at__gte=now, due_at__lt=now + datetime.timedelta(days=DUE_SOON_DAYS)
        )


class DataSubjectRequest(models.Model):
    """A request under GDPR articles 15 to 22 that the DPO answers by hand.

    The legal deadline is one month from receipt (art. 12(3)), extendable by
    two further months with a reason given to the person.
    """

    received_at = models.DateTimeField(_("received"), default=timezone.now)
    kind = models.CharField(
        _("what is asked"), max_length=20, choices=RequestKind.choices
    )
    full_name = models.CharField(
        _("full name"), max_length=NAME_LENGTH, validators=[single_line]
    )
    email = models.EmailField(
        _("email address"), max_length=254, validators=[validate_mailbox]
    )
    message = models.TextField(
        _("message"),
        max_length=MESSAGE_LENGTH,
        validators=[MaxLengthValidator(MESSAGE_LENGTH), multi_line],
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("registered user"),
        help_text=_("The record this request is about, when there is one."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.RECEIVED,
    )
    due_at = models.DateTimeField(_("answer due by"), editable=False)
    extension_months = models.PositiveSmallIntegerField(
        _("extension (months)"),
        default=0,
        choices=[(0, _("None")), (1, _("One month")), (2, _("Two months"))],
        help_text=_(
            "GDPR art. 12(3): up to two more months for complex or numerous "
            "requests; tell the person why within the first month."
        ),
    )
    # The DPO's notes have no limit in the database: erasure may lengthen them
    # a little when it replaces a short name with a placeholder.
    extension_reason = models.TextField(
        _("reason for the extension"),
        max_length=REASON_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(REASON_LENGTH), multi_line],
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    answer = models.TextField(
        _("answer or notes"),
        max_length=ANSWER_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(ANSWER_LENGTH), multi_line],
        help_text=_("What was answered or done, for the record."),
    )
    pseudonymised = models.BooleanField(_("contact details erased"), default=False)

    objects = DataSubjectRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["due_at", "pk"]
        constraints = [
            # A text column has no length of its own in the database.
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("message"), MESSAGE_LENGTH),
                name="request_message_length",
            ),
        ]

    def __str__(self):
        # Never the requester's name: labels end up in the admin's history.
        return _("Request #%(pk)s (%(kind)s)") % {
            "pk": self.pk,
            "kind": self.get_kind_display(),
        }

    def save(self, *args, **kwargs):
        self.due_at = self.deadline
        if self.status in CLOSED_STATUSES and self.closed_at is None:
            self.closed_at = timezone.now()
        elif self.status in OPEN_STATUSES:
            self.closed_at = None
        super().save(*args, **kwargs)

    @property
    def deadline(self):
        return add_months(self.received_at, 1 + self.extension_months)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_at < timezone.now()


class RequestEvent(models.Model):
    """The append-only audit trail of a request: who changed what, and when."""

    request = models.ForeignKey(
        DataSubjectRequest,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("request"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("request audit entry")
        verbose_name_plural = _("request audit trail")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)


class NoticeChangeMailing(models.Model):
    """Telling registered users of one published material change of the notice.

    The counts are kept here rather than counted from the deliveries, whose
    rows go when a person is erased: the DPO's record of how many people were
    told outlives them.
    """

    version = models.OneToOneField(
        "notice.NoticeVersion",
        on_delete=models.PROTECT,
        related_name="change_mailing",
        verbose_name=_("notice version"),
    )
    language = models.CharField(_("notice language"), max_length=10)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    prepared_at = models.DateTimeField(_("recipients listed"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    total = models.PositiveIntegerField(_("recipients"), default=0)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    skipped = models.PositiveIntegerField(
        _("skipped"),
        default=0,
        help_text=_("Restricted or no longer confirmed when their turn came."),
    )
    failed = models.PositiveIntegerField(_("failed"), default=0)

    class Meta:
        verbose_name = _("notice change mailing")
        verbose_name_plural = _("notice change mailings")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return _("Mailing for version %(number)s (%(language)s)") % {
            "number": self.version.number,
            "language": self.language,
        }

    def progress(self):
        return f"{self.sent}/{self.total}"

    progress.short_description = _("sent / recipients")

    def interrupted(self):
        """Rows whose sending started and never ended (a crash): never resent."""
        return self.deliveries.filter(status=DeliveryStatus.SENDING).count()

    interrupted.short_description = _("interrupted (not sent again)")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent (or interrupted)")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Skipped")
    FAILED = "failed", _("Failed")


class NoticeChangeDelivery(models.Model):
    """One person's email about one material change: at most one per person."""

    mailing = models.ForeignKey(
        NoticeChangeMailing,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("mailing"),
    )
    # Erasure deletes the row with the person: the mailing's counts remain.
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="notice_change_deliveries",
        verbose_name=_("registered user"),
    )
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice change email")
        verbose_name_plural = _("notice change emails")
        ordering = ["mailing", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "person"], name="notice_change_once_per_person"
            )
        ]
        indexes = [models.Index(fields=["mailing", "status"])]

    def __str__(self):
        return _("Notice change email %(pk)s") % {"pk": self.pk}
