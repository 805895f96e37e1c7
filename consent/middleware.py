from django.conf import settings
from django.utils.deprecation import MiddlewareMixin

from . import ledger
from . import state as consent
from .catalogue import ANALYTICS_GROUP

# The directives whose Google hosts follow GOOGLE_ANALYTICS_ID.
GOOGLE_DIRECTIVES = {
    "script-src": "GOOGLE_SCRIPT_HOSTS",
    "connect-src": "GOOGLE_CONNECT_HOSTS",
    "img-src": "GOOGLE_CONNECT_HOSTS",
}


def analytics_policy():
    """The script, connect and image sources for the current settings.

    The policy in settings is computed once at start-up; this recomputes the
    Google part per response, so switching analytics off (or on, in tests)
    takes effect without a restart and no Google host is ever allowed when
    analytics is off.
    """
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    google = set(getattr(settings, "GOOGLE_SCRIPT_HOSTS", [])) | set(
        getattr(settings, "GOOGLE_CONNECT_HOSTS", [])
    )
    policy = {}
    for directive, hosts_setting in GOOGLE_DIRECTIVES.items():
        sources = [s for s in directives.get(directive, []) if s not in google]
        if settings.GOOGLE_ANALYTICS_ID:
            sources += list(getattr(settings, hosts_setting, []))
        policy[directive] = sources
    return policy


class AnalyticsCSPMiddleware(MiddlewareMixin):
    """Place after ``csp.middleware.CSPMiddleware`` so it runs before it."""

    def process_response(self, request, response):
        replace = dict(analytics_policy())
        replace.update(getattr(response, "_csp_replace", None) or {})
        response._csp_replace = replace
        return response


class ConsentMiddleware(MiddlewareMixin):
    """Ends choices that ran out, deletes a consent cookie the site did not
    write, and removes analytics cookies not consented to.

    A page never depends on the consent cookie (the banner is in every page,
    opened by the script only for visitors who have not chosen); this
    middleware only adds ``Set-Cookie`` lines (and ``Cache-Control: private``)
    to the rare response where something must be removed.
    """

    def process_response(self, request, response):
        if getattr(request, "consent_recorded", False):
            return response
        cookie_name = settings.COOKIE_CONSENT_NAME
        has_consent_cookie = cookie_name in request.COOKIES
        analytics_cookies = consent.analytics_cookies_in(request)
        if not has_consent_cookie and not analytics_cookies:
            return response
        state = consent.read_state(request)
        if state.status in (consent.STATUS_EXPIRED, consent.STATUS_STALE):
            ledger.record_expiry(state)
            consent.clear_state(response)
        elif state.invalid:
            consent.clear_state(response)
        if analytics_cookies and not state.accepted(ANALYTICS_GROUP):
            consent.delete_analytics_cookies(response, request)
        return response
