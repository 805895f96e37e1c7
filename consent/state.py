"""The visitor's consent state, kept in django-cookie-consent's cookie.

The cookie holds one ``varname=value`` pair per optional cookie group (the
group's version when accepted, ``-1`` when refused), as django-cookie-consent
writes it, plus a few pairs of this site's own whose names start with an
underscore: ``_cid`` the random consent ID, ``_ts`` the time of the decision
(milliseconds since the epoch), ``_nv`` the notice version then in force and
``_src`` where the decision came from. ``static/js/consent-mode.js`` reads the
same cookie in the browser and applies the same rules.
"""

import datetime
import ipaddress
import re
import secrets
from dataclasses import dataclass, field
from http.cookies import Morsel

from cookie_consent.util import dict_to_cookie_str, get_cookie_dict_from_request
from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .catalogue import get_catalogue

META_ID = "_cid"
META_TIME = "_ts"
META_NOTICE = "_nv"
META_SOURCE = "_src"
CONSENT_ID_RE = re.compile(r"^[0-9a-f]{32}$")

STATUS_NONE = "none"
STATUS_VALID = "valid"
STATUS_EXPIRED = "expired"
STATUS_STALE = "stale"


def consent_lifetime():
    return datetime.timedelta(seconds=settings.COOKIE_CONSENT_MAX_AGE)


def new_consent_id():
    return secrets.token_hex(16)


def to_millis(moment):
    return int(moment.timestamp() * 1000)


def from_millis(value):
    try:
        millis = int(value)
    except (TypeError, ValueError):
        return None
    if millis <= 0:
        return None
    return datetime.datetime.fromtimestamp(millis / 1000, tz=datetime.UTC)


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


def read_state(request, now=None):
    """What the consent cookie of ``request`` says, judged at ``now``."""
    now = now or timezone.now()
    raw = get_cookie_dict_from_request(request)
    consent_id = raw.get(META_ID, "")
    if not CONSENT_ID_RE.match(consent_id):
        consent_id = ""
    decided_at = from_millis(raw.get(META_TIME))
    try:
        notice_version = int(raw[META_NOTICE])
    except (KeyError, ValueError):
        notice_version = None
    catalogue = get_catalogue()
    groups = {}
    out_of_date = False
    for group in catalogue.optional_groups:
        value = raw.get(group.varname)
        if value is None:
            out_of_date = True
        elif value == settings.COOKIE_CONSENT_DECLINE:
            groups[group.varname] = False
        elif value >= group.get_version():
            groups[group.varname] = True
        else:
            # Accepted before a newer declaration joined the group.
            groups[group.varname] = False
            out_of_date = True
    state = ConsentState(
        consent_id=consent_id,
        decided_at=decided_at,
        groups=groups,
        source=raw.get(META_SOURCE, ""),
        notice_version=notice_version,
    )
    if decided_at is None or not groups:
        state.status = STATUS_NONE
    elif now >= decided_at + consent_lifetime():
        state.status = STATUS_EXPIRED
    elif out_of_date or (
        catalogue.reconsent_after and decided_at < catalogue.reconsent_after
    ):
        state.status = STATUS_STALE
    else:
        state.status = STATUS_VALID
    return state


def gpc_signal(request):
    """The browser sends Global Privacy Control (``Sec-GPC: 1``)."""
    return request.headers.get("Sec-GPC", "").strip() == "1"


def analytics_allowed(request, now=None):
    from .catalogue import ANALYTICS_GROUP

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
        # need to load the catalogue to find none.
        return []
    patterns = get_catalogue().analytics_cookie_names()
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
