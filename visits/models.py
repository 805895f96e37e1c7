"""The visitor log (raw, short-lived) and its anonymous daily aggregates."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visit(models.Model):
    """One page view, as the privacy notice lists it. Purged after its period."""

    at = models.DateTimeField(_("date and time"), db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), unpack_ipv4=True)
    path = models.CharField(_("page"), max_length=500)
    os_family = models.CharField(_("operating system"), max_length=60, blank=True)
    browser_family = models.CharField(_("browser"), max_length=60, blank=True)
    person = models.UUIDField(
        _("registered user's pseudonymous id"), null=True, blank=True, db_index=True
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visitor log")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.path}"


class DailyVisits(models.Model):
    """Page views of one day, without IP addresses or anyone's id."""

    day = models.DateField(_("day"), db_index=True)
    path = models.CharField(_("page"), max_length=500)
    os_family = models.CharField(_("operating system"), max_length=60, blank=True)
    browser_family = models.CharField(_("browser"), max_length=60, blank=True)
    views = models.PositiveIntegerField(_("page views"))

    class Meta:
        verbose_name = _("daily visits")
        verbose_name_plural = _("visit statistics")
        ordering = ["-day", "-views"]
        permissions = [("view_statistics", _("Can view visit statistics"))]

    def __str__(self):
        return f"{self.day} {self.path}: {self.views}"


class AggregatedDay(models.Model):
    """A day whose raw visits are already in the statistics, with its visitors.

    ``visitors`` counts distinct addresses at aggregation time; the addresses
    themselves are not kept.
    """

    day = models.DateField(_("day"), unique=True)
    views = models.PositiveIntegerField(_("page views"))
    visitors = models.PositiveIntegerField(_("distinct visitors"))

    class Meta:
        verbose_name = _("aggregated day")
        verbose_name_plural = _("aggregated days")
        ordering = ["-day"]

    def __str__(self):
        return str(self.day)


class CrawlerDay(models.Model):
    """Requests from crawlers and bots, per day and crawler: no address, no page.

    Crawlers are left out of the visitor log and its statistics (they are not
    visitors); this count says how much of the traffic they are.
    """

    day = models.DateField(_("day"))
    crawler = models.CharField(_("crawler"), max_length=60)
    hits = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("crawler requests per day")
        verbose_name_plural = _("crawler requests per day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "crawler"], name="visits_crawlerday_unique"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.crawler}: {self.hits}"
