"""A small fixed-window rate limiter on the cache, shared by the site's forms."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The visitor's address; X-Forwarded-For is trusted only behind a proxy."""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


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
