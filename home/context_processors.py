from .cache import is_personalised, page_variant


def personalised(request):
    """Without a session or a pending message, templates skip the admin userbar
    and the message list, so the page never reads the session. Beyond that a
    page depends only on its variant (``home.cache.page_variant``), which the
    page cache keys on: a
    cache can keep one copy per variant for every visitor."""
    return {
        "personalised": is_personalised(request),
        "page_variant": page_variant(request),
    }
