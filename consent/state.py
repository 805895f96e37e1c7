"""The visitor's consent state, kept in django-cookie-consent's cookie.

The cookie holds one ``varname=value`` pair per optional cookie group (the
group's version when accepted, ``-1`` when refused), as django-cookie-consent
writes it, plus a few pairs of this site's own whose names start with an
underscore: ``_cid`` the random consent ID, ``_ts`` the time of the decision
(milliseconds since the epoch), ``_nv`` the notice version then in force and
``_src`` where the decision came from. ``static/js/consent-mode.js`` reads the
same cookie in the browser and applies the same rules.

The cookie is the visitor's to change, so nothing in it is trusted: a value
the site would not have written makes the whole cookie invalid. A group's
version is checked for its form only; a choice made before a newer
declaration is caught by ``Catalogue.reconsent_after``, which the browser
knows too.
"""

import datetime
import ipaddress
import re
import secrets
from dataclasses import dataclass, field
from http.cookies import Morsel

from cookie_consent.util import dict_to_cookie_str
from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .catalogue import ANALYTICS_GROUP, get_catalogue, get_rules
from .models import SOURCE_BANNER, SOURCE_BROWSER, SOURCE_PREFERENCES

META_ID = "_cid"
META_TIME = "_ts"
META_NOTICE = "_nv"
META_SOURCE = "_src"
PAIR_SEPARATOR = "|"
KEY_VALUE_SEPARATOR = "="

# What a well-formed cookie holds; consent-mode.js applies the same patterns
# and limits, and tests/browser/test_consent_parity.py proves they agree.
CONSENT_ID_RE = re.compile(r"[0-9a-f]{32}", re.ASCII)
# Milliseconds since the epoch: at most 15 digits, so that the browser's
# numbers (exact up to 2**53) read the same value.
MILLIS_RE = re.compile(r"[1-9][0-9]{0,14}", re.ASCII)
NOTICE_RE = re.compile(r"[1-9][0-9]{0,9}", re.ASCII)
# The largest notice version the ledger's column holds on every database.
NOTICE_MAX = 2_147_483_647
# A group's version, as django-cookie-consent writes it: the ISO time of the
# group's newest declaration, or nothing for a group without one.
VERSION_RE = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?)?",
    re.ASCII,
)
SOURCES = (SOURCE_BANNER, SOURCE_PREFERENCES, SOURCE_BROWSER)
# A decision dated later than this after the server's clock was not written
# by the site (the browser's clock may be a little ahead, hence not zero).
CLOCK_SKEW_MS = 24 * 3600 * 1000
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MILLISECOND = datetime.timedelta(milliseconds=1)

STATUS_NONE = "none"
STATUS_VALID = "valid"
STATUS_EXPIRED = "expired"
STATUS_STALE = "stale"
# The cookie is there but the site did not write it as it is: it holds no
# decision and is deleted.
STATUS_INVALID = "invalid"


def consent_lifetime():
    return datetime.timedelta(seconds=settings.COOKIE_CONSENT_MAX_AGE)


def new_consent_id():
    return secrets.token_hex(16)


def to_millis(moment):
    """Whole milliseconds since the epoch, computed exactly (no float)."""
    return (moment - EPOCH) // MILLISECOND


def from_millis(millis):
    return EPOCH + millis * MILLISECOND


@dataclass
class ConsentState:
    status: str = STATUS_NONE
    consent_id: str = ""
    decided_at: datetime.datetime | None = None
    # Optional group varname -> accepted; only groups the cookie mentions.
    groups: dict = field(default_factory=dict)
    source: str = ""
    notice_version: int | None = None

    @property
    def valid(self):
        return self.status == STATUS_VALID

    @property
    def invalid(self):
        return self.status == STATUS_INVALID

    def accepted(self, varname):
        return self.valid and self.groups.get(varname) is True

    @property
    def any_accepted(self):
        return self.valid and any(self.groups.values())

    @property
    def expires_at(self):
        if self.decided_at is None:
            return None
        return self.decided_at + consent_lifetime()


def parse_pairs(value):
    """The cookie's ``key=value`` pairs, or ``None`` if any part is not one.

    Stricter than django-cookie-consent's own reader, which skips such
    parts: a cookie the site did not write is dropped whole.
    """
    pairs = {}
    if not value:
        return pairs
    for part in value.split(PAIR_SEPARATOR):
        bits = part.split(KEY_VALUE_SEPARATOR)
        if len(bits) != 2 or bits[0] in pairs:
            return None
        pairs[bits[0]] = bits[1]
    return pairs


def parse_state(value, *, rules=None, now=None):
    """What the consent cookie's ``value`` says, judged at ``now``.

    Never raises: any value the site would not have written, or a number out
    of range, gives ``STATUS_INVALID`` (no decision, and the cookie is to be
    deleted). Times are compared in whole milliseconds, as the browser does.
    """
    if not value:
        return ConsentState()
    pairs = parse_pairs(value)
    if pairs is None:
        return ConsentState(status=STATUS_INVALID)
    now_ms = to_millis(now or timezone.now())
    consent_id = pairs.get(META_ID, "")
    decided_ms = pairs.get(META_TIME, "")
    notice = pairs.get(META_NOTICE)
    source = pairs.get(META_SOURCE)
    if (
        not CONSENT_ID_RE.fullmatch(consent_id)
        or not MILLIS_RE.fullmatch(decided_ms)
        or int(decided_ms) > now_ms + CLOCK_SKEW_MS
        or (notice is not None and not NOTICE_RE.fullmatch(notice))
        or (notice is not None and int(notice) > NOTICE_MAX)
        or (source is not None and source not in SOURCES)
    ):
        return ConsentState(status=STATUS_INVALID)
    decided_ms = int(decided_ms)
    rules = rules or get_rules()
    groups = {}
    complete = True
    for varname in rules.optional_groups:
        answer = pairs.get(varname)
        if answer is None:
            complete = False
        elif answer == settings.COOKIE_CONSENT_DECLINE:
            groups[varname] = False
        elif VERSION_RE.fullmatch(answer):
            groups[varname] = True
        else:
            return ConsentState(status=STATUS_INVALID)
    state = ConsentState(
        consent_id=consent_id,
        decided_at=from_millis(decided_ms),
        groups=groups,
        source=source or "",
        notice_version=int(notice) if notice is not None else None,
    )
    reconsent = rules.reconsent_after
    if not groups:
        state.status = STATUS_NONE
    elif now_ms >= decided_ms + consent_lifetime() // MILLISECOND:
        state.status = STATUS_EXPIRED
    elif not complete or (reconsent and decided_ms < to_millis(reconsent)):
        # A group, a declaration or a material notice change came after it.
        state.status = STATUS_STALE
    else:
        state.status = STATUS_VALID
    return state


def read_state(request, now=None, rules=None):
    """What the consent cookie of ``request`` says, judged at ``now``."""
    value = request.COOKIES.get(settings.COOKIE_CONSENT_NAME, "")
    return parse_state(value, rules=rules, now=now)


def gpc_signal(request):
    """The browser sends Global Privacy Control (``Sec-GPC: 1``)."""
    return request.headers.get("Sec-GPC", "").strip() == "1"


def analytics_allowed(request, now=None):
    return read_state(request, now).accepted(ANALYTICS_GROUP)


def write_state(response, *, consent_id, groups, decided_at, notice_version, source):
    catalogue = get_catalogue()
    values = {}
    for group in catalogue.optional_groups:
        if groups.get(group.varname):
            values[group.varname] = group.get_version()
        else:
            values[group.varname] = settings.COOKIE_CONSENT_DECLINE
    values[META_ID] = consent_id
    values[META_TIME] = str(to_millis(decided_at))
    if notice_version is not None:
        values[META_NOTICE] = str(notice_version)
    if source:
        values[META_SOURCE] = source
    response.set_cookie(
        settings.COOKIE_CONSENT_NAME,
        dict_to_cookie_str(values),
        max_age=settings.COOKIE_CONSENT_MAX_AGE,
        domain=getattr(settings, "COOKIE_CONSENT_DOMAIN", None),
        secure=getattr(settings, "COOKIE_CONSENT_SECURE", False),
        httponly=settings.COOKIE_CONSENT_HTTPONLY,
        samesite=settings.COOKIE_CONSENT_SAMESITE,
    )
    mark_private(response)


def clear_state(response):
    response.delete_cookie(
        settings.COOKIE_CONSENT_NAME,
        domain=getattr(settings, "COOKIE_CONSENT_DOMAIN", None),
        samesite=settings.COOKIE_CONSENT_SAMESITE,
    )
    mark_private(response)


def mark_private(response):
    """A response that sets cookies must never be stored by a shared cache."""
    patch_cache_control(response, private=True, no_store=True)


def cookie_domains(host):
    """Domains a script may have set a cookie on from ``host``.

    ``None`` is the host-only cookie; then the host and each parent domain
    (Google's tag sets ``_ga`` on the highest one the browser accepts).
    Browsers ignore the public suffixes among them.
    """
    host = host.rsplit(":", 1)[0] if not host.startswith("[") else host
    domains = [None]
    try:
        ipaddress.ip_address(host.strip("[]"))
        return domains
    except ValueError:
        pass
    parts = host.split(".")
    if len(parts) == 1:
        return [None, host]
    for index in range(len(parts) - 1):
        domains.append("." + ".".join(parts[index:]))
    return domains


def matches(name, patterns):
    for pattern in patterns:
        if pattern.endswith("*"):
            if name.startswith(pattern[:-1]):
                return True
        elif name == pattern:
            return True
    return False


def analytics_cookies_in(request):
    if not request.COOKIES:
        # Most page views (and every cached one) come without cookies: no
        # need to load the rules to find none.
        return []
    patterns = get_rules().analytics_cookies
    return sorted(name for name in request.COOKIES if matches(name, patterns))


def delete_cookie_everywhere(response, request, name):
    """Expire ``name`` host-only and on every parent domain.

    Django keys response cookies by name, so the extra ``Set-Cookie`` lines
    for other domains are added as separate morsels under distinct keys.
    """
    for domain in cookie_domains(request.get_host()):
        if domain is None:
            response.delete_cookie(name, path="/")
            continue
        morsel = Morsel()
        morsel.set(name, "", '""')
        morsel["expires"] = "Thu, 01 Jan 1970 00:00:00 GMT"
        morsel["max-age"] = 0
        morsel["path"] = "/"
        morsel["domain"] = domain
        dict.__setitem__(response.cookies, f"{name} {domain}", morsel)
    mark_private(response)


def delete_analytics_cookies(response, request):
    names = analytics_cookies_in(request)
    for name in names:
        delete_cookie_everywhere(response, request, name)
    return names
