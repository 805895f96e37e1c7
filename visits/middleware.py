"""Records page views in the visitor log the privacy notice describes."""

import functools
import re

from django.conf import settings
from django.utils import timezone
from ua_parser import parse_device, parse_os, parse_user_agent

from home.throttle import client_ip
from people.identity import session_identity

from . import buffer

SKIPPED_PREFIXES = (
    "/admin/",
    "/static/",
    "/media/",
    "/documents/",
    "/favicon",
    "/health/",
)


@functools.lru_cache(maxsize=2048)
def families(user_agent):
    """Only the operating system and browser families, nothing finer."""
    if not user_agent:
        return "", ""
    os_result = parse_os(user_agent)
    browser = parse_user_agent(user_agent)
    return (
        (os_result.family if os_result else "Other")[:60],
        (browser.family if browser else "Other")[:60],
    )


# Agents that say what they are without ua-parser knowing them as "Spider".
BOT_PATTERN = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|fetcher|scrapy|curl/|wget/|python-requests|"
    r"httpx|go-http-client|java/|libwww|headlesschrome|lighthouse|monitor",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=2048)
def crawler_name(user_agent):
    """A crawler's family ("Googlebot", "curl"...), or "" for a browser."""
    if not user_agent.strip():
        return ""
    device = parse_device(user_agent)
    if device is not None and device.family == "Spider":
        browser = parse_user_agent(user_agent)
        return ((browser.family if browser else "") or "Spider")[:60]
    match = BOT_PATTERN.search(user_agent)
    if match:
        browser = parse_user_agent(user_agent)
        family = browser.family if browser and browser.family != "Other" else ""
        return (family or match.group(0).strip("/").lower())[:60]
    return ""


class VisitLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.skipped = SKIPPED_PREFIXES + tuple(
            getattr(settings, "VISIT_LOG_SKIP_PREFIXES", ())
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.should_record(request, response):
            self.record(request)
        return response

    def should_record(self, request, response):
        if request.method != "GET" or response.status_code != 200:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        return not request.path.startswith(self.skipped)

    def record(self, request):
        person = None
        identity = session_identity(request)
        if identity is not None:
            public_id, restricted = identity
            if restricted:
                # Restricted processing: no visit is recorded at all.
                return
            person = public_id
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:512]
        crawler = crawler_name(user_agent)
        if crawler:
            buffer.count_crawler(timezone.localdate(), crawler)
            return
        os_family, browser_family = families(user_agent)
        buffer.append(
            (
                timezone.now(),
                client_ip(request) or "0.0.0.0",  # noqa: S104 - unknown address
                request.path[:500],
                os_family,
                browser_family,
                person,
            )
        )
