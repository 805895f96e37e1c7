"""Registered users of the platform and the append-only ledger of their consents."""

import hashlib
import hmac
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from home.validators import validate_mailbox

from .validators import (
    LABORATORY_LENGTH,
    NAME_LENGTH,
    POSTAL_ADDRESS_LENGTH,
    multi_line,
    single_line,
)


def hash_key():
    """The key of the ledger's hashes: PRIVACY_HASH_SALT, else from SECRET_KEY."""
    return settings.PRIVACY_HASH_SALT or f"privacy-ledger:{settings.SECRET_KEY}"


def email_hash(email):
    """A salted, keyed hash of an address: the pseudonymous tombstone.

    The same address always gives the same hash, so proof of a consent or an
    erasure can be found again from the address, while the hash alone names
    no one.
    """
    key = hash_key().encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


# Every field of a record, in the order the DPO and the person see them: the
# admin's export and inspect view and the person's own export all use it.
RECORD_FIELDS = (
    "full_name",
    "email",
    "laboratory",
    "address",
    "country",
    "created_at",
    "confirmed_at",
    "last_active_at",
    "inactivity_warned_at",
    "language",
    "source",
    "processing_restricted",
    "restricted_at",
    "newsletter_consent",
    "newsletter_consent_at",
    "newsletter_consent_notice_version",
    "newsletter_consent_source",
)


class NewsletterConsent(models.TextChoices):
    NONE = "none", _("Not given")
    PENDING = "pending", _("Waiting for email confirmation")
    GIVEN = "given", _("Given")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PersonQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def by_email(self, email):
        return self.filter(email__iexact=email.strip())

    def newsletter_recipients(self):
        """People Mailchimp may hold as "subscribed"."""
        return self.confirmed().filter(
            newsletter_consent=NewsletterConsent.GIVEN, processing_restricted=False
        )


class Person(models.Model):
    """A person registered with the MicroScope platform.

    Change records through ``people.services`` so that every consent
    change writes its ledger row and announces itself in the same transaction.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(
        _("full name"), max_length=NAME_LENGTH, validators=[single_line]
    )
    email = models.EmailField(
        _("email address"), max_length=254, validators=[validate_mailbox]
    )
    laboratory = models.CharField(
        _("laboratory"),
        max_length=LABORATORY_LENGTH,
        blank=True,
        validators=[single_line],
    )
    address = models.TextField(
        _("address"),
        max_length=POSTAL_ADDRESS_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(POSTAL_ADDRESS_LENGTH), multi_line],
    )
    country = CountryField(_("country"), blank=True)

    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed_at = models.DateTimeField(
        _("email confirmed"),
        null=True,
        blank=True,
        help_text=_("A sign-up counts only once its confirmation link is followed."),
    )
    last_active_at = models.DateTimeField(_("last active"), null=True, blank=True)
    inactivity_warned_at = models.DateTimeField(
        _("warned of inactivity"),
        null=True,
        blank=True,
        help_text=_(
            "When the person was told that their record would be erased for "
            "inactivity; any activity clears it."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_(
            "The language of the site when the person last used it; the emails "
            "the site sends on its own are written in it."
        ),
    )
    source = models.CharField(
        _("where the record came from"),
        max_length=200,
        default="signup",
        validators=[single_line],
        help_text=_("For example “signup”, or the file it was imported from."),
    )

    processing_restricted = models.BooleanField(
        _("processing restricted"),
        default=False,
        help_text=_(
            "While restricted, the person receives no newsletter and is left out "
            "of statistics."
        ),
    )
    restricted_at = models.DateTimeField(_("restricted since"), null=True, blank=True)

    newsletter_consent = models.CharField(
        _("newsletter consent"),
        max_length=20,
        choices=NewsletterConsent.choices,
        default=NewsletterConsent.NONE,
    )
    newsletter_consent_at = models.DateTimeField(
        _("newsletter consent changed"), null=True, blank=True
    )
    newsletter_consent_notice_version = models.PositiveIntegerField(
        _("notice version at the consent"), null=True, blank=True
    )
    newsletter_consent_source = models.CharField(
        _("newsletter consent source"), max_length=50, blank=True
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("registered user")
        verbose_name_plural = _("registered users")
        ordering = ["full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="person_email_ci_unique",
                violation_error_message=_(
                    "A registered user with this email address already exists."
                ),
            ),
            # A text column has no length of its own in the database.
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("address"), POSTAL_ADDRESS_LENGTH),
                name="person_address_length",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def newsletter_subscribed(self):
        """Whether Mailchimp should hold this person as "subscribed"."""
        return (
            self.is_confirmed
            and self.newsletter_consent == NewsletterConsent.GIVEN
            and not self.processing_restricted
        )

    @property
    def first_name(self):
        return self.full_name.split(" ", 1)[0] if self.full_name else ""

    @property
    def last_name(self):
        parts = self.full_name.split(" ", 1)
        return parts[1] if len(parts) > 1 else ""


class ConsentEvent(models.Model):
    """One row per consent-relevant decision; rows are never changed or removed.

    Rows name no one: ``person_public_id`` is the person's random public id and
    ``email_hash`` a keyed hash of their address, so the proof of consent (and
    of erasure) outlives the personal data.
    """

    class Purpose(models.TextChoices):
        NEWSLETTER = "newsletter", _("Newsletter")
        PROCESSING = "processing", _("Processing of the record")
        REGISTRATION = "registration", _("Registration")

    class Action(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        GIVEN = "given", _("Given")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CONFIRMED = "confirmed", _("Confirmed")
        RESTRICTED = "restricted", _("Restricted")
        UNRESTRICTED = "unrestricted", _("Restriction lifted")
        CLEANED = "cleaned", _("Address rejected by the mail service")
        ADDRESS_CONFIRMED = "address_confirmed", _("New email address confirmed")
        ERASED = "erased", _("Erased")

    person_public_id = models.UUIDField(_("person's pseudonymous id"), db_index=True)
    email_hash = models.CharField(
        _("hashed email address"), max_length=64, db_index=True
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    source = models.CharField(_("source"), max_length=50)
    notice_version = models.PositiveIntegerField(
        _("notice version in force"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("consent ledger entry")
        verbose_name_plural = _("consent ledger")
        ordering = ["-occurred_at", "-pk"]

    def __str__(self):
        return f"{self.get_purpose_display()}: {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Consent ledger entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Consent ledger entries cannot be deleted.")


class EmailChange(models.Model):
    """A new address for a record, waiting for its confirmation from that address.

    The record keeps its address until the single-use link mailed to the new
    one is followed (``people.email_change``); the link's token is stored
    only as a hash.
    """

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="email_changes",
        verbose_name=_("registered user"),
    )
    new_email = models.EmailField(_("new email address"), max_length=254)
    token_hash = models.CharField(max_length=64, unique=True)
    source = models.CharField(_("asked through"), max_length=50)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    expires_at = models.DateTimeField(_("link expires"))
    used_at = models.DateTimeField(_("used or replaced"), null=True, blank=True)

    class Meta:
        verbose_name = _("change of email address")
        verbose_name_plural = _("changes of email address")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        # Never the address: labels end up in logs and the admin's history.
        return _("Change of email address %(pk)s") % {"pk": self.pk}

    @property
    def usable(self):
        return self.used_at is None and self.expires_at > timezone.now()
