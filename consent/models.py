import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ACTION_ACCEPT = "accept"
ACTION_REFUSE = "refuse"
ACTION_CUSTOM = "custom"
ACTION_WITHDRAW = "withdraw"
ACTION_EXPIRED = "expired"
ACTION_GPC = "gpc"
ACTION_CHOICES = [
    (ACTION_ACCEPT, _("Accepted all")),
    (ACTION_REFUSE, _("Refused all")),
    (ACTION_CUSTOM, _("Chose per group")),
    (ACTION_WITHDRAW, _("Withdrew consent")),
    (ACTION_EXPIRED, _("Choice expired")),
    (ACTION_GPC, _("Global Privacy Control signal")),
]

SOURCE_BANNER = "banner"
SOURCE_PREFERENCES = "preferences"
SOURCE_BROWSER = "browser"
SOURCE_SERVER = "server"
SOURCE_CHOICES = [
    (SOURCE_BANNER, _("Cookie banner")),
    (SOURCE_PREFERENCES, _("Cookie settings page")),
    (SOURCE_BROWSER, _("Browser signal")),
    (SOURCE_SERVER, _("The site")),
]


class CookieDetails(models.Model):
    """What django-cookie-consent's ``Cookie`` lacks for the notice's table."""

    cookie = models.OneToOneField(
        "cookie_consent.Cookie",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="details",
        verbose_name=_("cookie"),
    )
    lifetime = models.CharField(
        _("lifetime"),
        max_length=100,
        blank=True,
        help_text=_("How long the cookie is kept, for example “13 months”."),
    )
    provider = models.CharField(
        _("provider"),
        max_length=100,
        blank=True,
        help_text=_("Who sets and reads the cookie, for example “Google Analytics”."),
    )

    class Meta:
        verbose_name = _("cookie details")
        verbose_name_plural = _("cookie details")

    def __str__(self):
        return str(self.cookie)


class ConsentText(models.Model):
    """The exact text a visitor was shown, kept once per distinct wording."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, primary_key=True)
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("text"))
    first_shown_at = models.DateTimeField(_("first recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")

    def __str__(self):
        return f"{self.language} {self.sha256[:12]}"

    @staticmethod
    def digest(text):
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ConsentRecord(models.Model):
    """One decision about cookies, kept as proof (GDPR art. 7(1)).

    Append-only: nobody edits or deletes rows in the admin; rows older than
    ``COOKIE_CONSENT_LEDGER_RETENTION_DAYS`` are pruned. The consent ID is a
    random value kept in the visitor's consent cookie; no IP address or other
    identifier is stored.
    """

    # Written on every cookie decision: Wagtail's reference index would queue
    # a task and add a row per decision, to show where a consent text is used,
    # which nothing in the admin shows.
    wagtail_reference_index_ignore = True

    consent_id = models.CharField(_("consent ID"), max_length=32, db_index=True)
    created_at = models.DateTimeField(
        _("server time"), default=timezone.now, db_index=True
    )
    action = models.CharField(_("action"), max_length=10, choices=ACTION_CHOICES)
    choices = models.JSONField(
        _("outcome per group"),
        default=dict,
        help_text=_("Each cookie group's variable name and whether it was accepted."),
    )
    notice_version = models.PositiveIntegerField(
        _("privacy notice version"), null=True, blank=True
    )
    text = models.ForeignKey(
        ConsentText,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("text shown"),
    )
    source = models.CharField(_("source"), max_length=12, choices=SOURCE_CHOICES)
    gpc = models.BooleanField(
        _("Global Privacy Control"),
        default=False,
        help_text=_("The browser sent a Global Privacy Control signal."),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    ends = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="ended_by",
        verbose_name=_("decision it ends"),
        help_text=_("For an expiry: the decision that no longer applies."),
    )

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent ledger")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.consent_id} {self.get_action_display()}"

    @property
    def text_sha256(self):
        return self.text_id or ""

    def outcome(self):
        return "; ".join(
            f"{name}: {'accepted' if accepted else 'refused'}"
            for name, accepted in sorted(self.choices.items())
        )

    outcome.short_description = _("outcome per group")
