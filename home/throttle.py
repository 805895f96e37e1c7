"""A small fixed-window rate limiter on the cache, shared by the public forms.

Every public form is limited the same way: ``FORM_RATES[scope]`` in the
settings gives ``(per_email, per_ip, window)`` (``per_email`` None when the
form has no address to count by); ``refuse`` answers 429 with the form, its
input and a message saying why.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse
from ipware import get_client_ip


def client_ip(request):
    """The visitor's address, as the rate limits, the visitor log and django-axes
    see it.

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies (each appending the address
    it received the request from to X-Forwarded-For), the client is that many
    entries from the right; entries further left are the client's own words
    and are ignored. Without a declared proxy, X-Forwarded-For is never read.
    The settings that say so (``IPWARE_*``) are derived from the count in
    ``config.settings.base``; django-axes reads the same ones.
    """
    address, _routable = get_client_ip(request)
    return address or request.META.get("REMOTE_ADDR", "")


def hit_limit(key, limit, window):
    """Count one hit for ``key``; True once more than ``limit`` in ``window`` s.

    Keys are hashed so that addresses never sit in the cache in clear.
    """
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()
    cache_key = f"throttle:{digest}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count > limit


def throttled(request, scope, email=""):
    """Count this submission; True once this address or this IP sent too many."""
    per_email, per_ip, window = settings.FORM_RATES[scope]
    over_ip = hit_limit(f"{scope}:ip:{client_ip(request)}", per_ip, window)
    over_email = bool(per_email is not None and email) and hit_limit(
        f"{scope}:email:{email.strip().lower()}", per_email, window
    )
    return over_ip or over_email


def refuse(request, template, context, message):
    """429 with the bound form, its errors and ``message`` above them."""
    form = context["form"]
    form.is_valid()
    form.add_error(None, message)
    return TemplateResponse(request, template, context, status=429)
