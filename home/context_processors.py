from .cache import is_personalised


def personalised(request):
    """Without a session or a pending message, templates skip the admin userbar
    and the message list, so the page never reads the session and does not
    vary on cookies: a shared cache can keep one copy for every visitor."""
    return {"personalised": is_personalised(request)}
