"""The declared cookie groups and what makes earlier choices out of date.

Read on every page (the banner lists the groups), so it is cached and
dropped whenever a group, a declaration or a notice version is saved.
"""

import datetime
from dataclasses import dataclass, field

from cookie_consent.models import Cookie, CookieGroup
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from privacy.notice.models import NoticeVersion

from .models import CookieDetails

CACHE_KEY = "privacy.cookies.catalogue"
CACHE_TIMEOUT = 300
ANALYTICS_GROUP = "analytics"
DEFAULT_ANALYTICS_COOKIES = ("_ga", "_ga_*")


@dataclass
class Catalogue:
    groups: list = field(default_factory=list)
    # A choice made before this instant is asked again: the newest material
    # notice change in force, or the newest optional cookie declaration.
    reconsent_after: datetime.datetime | None = None
    notice_versions: dict = field(default_factory=dict)

    @property
    def optional_groups(self):
        return [group for group in self.groups if not group.is_required]

    def group(self, varname):
        return next((g for g in self.groups if g.varname == varname), None)

    def analytics_cookie_names(self):
        group = self.group(ANALYTICS_GROUP)
        names = [cookie.name for cookie in group.cookie_set.all()] if group else []
        return names or list(DEFAULT_ANALYTICS_COOKIES)

    @property
    def version_key(self):
        stamp = self.reconsent_after.timestamp() if self.reconsent_after else 0
        return f"{stamp}:{len(self.groups)}"


def build_catalogue():
    now = timezone.now()
    groups = list(
        CookieGroup.objects.order_by("ordering", "pk").prefetch_related(
            "cookie_set__details"
        )
    )
    instants = []
    for group in groups:
        if group.is_required:
            continue
        instants.append(group.created)
        instants.extend(cookie.created for cookie in group.cookie_set.all())
    material = (
        NoticeVersion.objects.filter(material_change=True, effective_at__lte=now)
        .order_by("-effective_at")
        .first()
    )
    if material:
        instants.append(material.effective_at)
    notice_versions = {}
    for version in (
        NoticeVersion.objects.filter(effective_at__lte=now)
        .select_related("page__locale")
        .order_by("effective_at", "number")
    ):
        notice_versions[version.page.locale.language_code] = version.number
    return Catalogue(
        groups=groups,
        reconsent_after=max(filter(None, instants), default=None),
        notice_versions=notice_versions,
    )


def get_catalogue():
    catalogue = cache.get(CACHE_KEY)
    if catalogue is None:
        catalogue = build_catalogue()
        cache.set(CACHE_KEY, catalogue, CACHE_TIMEOUT)
    return catalogue


def forget_catalogue(**kwargs):
    cache.delete(CACHE_KEY)


for _model in (CookieGroup, Cookie, CookieDetails, NoticeVersion):
    post_save.connect(forget_catalogue, sender=_model, dispatch_uid=f"cat-{_model}")
    post_delete.connect(forget_catalogue, sender=_model, dispatch_uid=f"catd-{_model}")
