"""The declared cookie groups and what makes earlier choices out of date.

Read on every page (the banner lists the groups), so it is cached and
dropped whenever a group, a declaration or a notice version is saved.
"""

import datetime
import time
from dataclasses import dataclass, field

from cookie_consent.models import Cookie, CookieGroup
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from notice.models import NoticeVersion

from .models import CookieDetails

CACHE_KEY = "consent.catalogue"
RULES_CACHE_KEY = "consent.rules"
CACHE_TIMEOUT = 300
ANALYTICS_GROUP = "analytics"
DEFAULT_ANALYTICS_COOKIES = ("_ga", "_ga_*")


@dataclass
class Catalogue:
    groups: list = field(default_factory=list)
    # A choice made before this instant is asked again: the last material
    # change of the reference notice (translations follow it), or the newest
    # optional cookie declaration.
    reconsent_after: datetime.datetime | None = None
    # Number of the notice version in force, per language.
    notice_versions: dict = field(default_factory=dict)
    # The plain text of each consent form as shown with these groups, per
    # (source, language), filled as the ledger records decisions.
    shown_texts: dict = field(default_factory=dict)

    @property
    def optional_groups(self):
        return [group for group in self.groups if not group.is_required]

    def group(self, varname):
        return next((g for g in self.groups if g.varname == varname), None)

    def analytics_cookie_names(self):
        group = self.group(ANALYTICS_GROUP)
        names = [cookie.name for cookie in group.cookie_set.all()] if group else []
        return names or list(DEFAULT_ANALYTICS_COOKIES)


@dataclass(frozen=True)
class Rules:
    """What reading a consent cookie needs, from the catalogue.

    Read on every request that carries cookies and by the page cache for
    every page, so it is kept apart from the catalogue (whose model
    instances cost far more to fetch and unpickle) as a few plain values.
    """

    # Varnames of the optional groups, in the catalogue's order.
    optional_groups: tuple = ()
    reconsent_after: datetime.datetime | None = None
    analytics_cookies: tuple = DEFAULT_ANALYTICS_COOKIES

    def groups_to_ask(self):
        """The optional groups whose cookies the site may actually set.

        Analytics cookies are set only when ``GOOGLE_ANALYTICS_ID`` is; a
        group whose cookies nobody sets is not worth a question. The setting
        is read per call, since it can change without the catalogue changing.
        """
        return [
            varname
            for varname in self.optional_groups
            if varname != ANALYTICS_GROUP or settings.GOOGLE_ANALYTICS_ID
        ]


def build_catalogue():
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
    material = NoticeVersion.objects.last_material_change()
    if material:
        instants.append(material.effective_at)
    notice_versions = {}
    for language, _name in settings.LANGUAGES:
        version = NoticeVersion.objects.in_force(language)
        if version is not None:
            notice_versions[language] = version.number
    return Catalogue(
        groups=groups,
        reconsent_after=max(filter(None, instants), default=None),
        notice_versions=notice_versions,
    )


# What this process last read from the shared cache, re-read at most once a
# second, so a request (a page's banner, a decision that reads the catalogue
# several times) costs no shared-cache read, and a change saved in another
# process shows within a second (this process's own saves drop the copies at
# once).
_local = {}  # key -> (value, when this process read it)
LOCAL_SECONDS = 1.0


def _copy(key, build):
    """This process's copy of ``key`` while under a second old, else the
    shared cache's, else ``build()`` stored in the shared cache."""
    now = time.monotonic()
    value, read_at = _local.get(key, (None, 0.0))
    if value is not None and now - read_at < LOCAL_SECONDS:
        return value
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_TIMEOUT)
    _local[key] = (value, now)
    return value


def get_catalogue():
    return _copy(CACHE_KEY, build_catalogue)


def build_rules():
    catalogue = get_catalogue()
    return Rules(
        optional_groups=tuple(g.varname for g in catalogue.optional_groups),
        reconsent_after=catalogue.reconsent_after,
        analytics_cookies=tuple(catalogue.analytics_cookie_names()),
    )


def get_rules():
    return _copy(RULES_CACHE_KEY, build_rules)


def forget_local_rules():
    """Drop this process's copies of the catalogue and of the rules."""
    _local.clear()


def _drop_copies():
    cache.delete_many([CACHE_KEY, RULES_CACHE_KEY])
    forget_local_rules()


def forget_catalogue(**kwargs):
    """Drop the cached catalogue now, and again when the transaction commits:
    a process that read the rows between the two, before the commit, cached
    the catalogue as it was (the notice version before the one just
    published), and would record it in the ledger until the copy expired."""
    _drop_copies()
    transaction.on_commit(_drop_copies)


for _model in (CookieGroup, Cookie, CookieDetails, NoticeVersion):
    post_save.connect(forget_catalogue, sender=_model, dispatch_uid=f"cat-{_model}")
    post_delete.connect(forget_catalogue, sender=_model, dispatch_uid=f"catd-{_model}")
