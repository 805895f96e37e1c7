from django.conf import settings


def personalised(request):
    """Whether this request may carry anything made for one visitor.

    Without a session or a pending message, templates skip the admin userbar
    and the message list, so the page never reads the session and does not
    vary on cookies: a shared cache can keep one copy for every visitor.
    """
    cookies = request.COOKIES
    return {
        # An emptied cookie (a deleted one some clients send back) counts as none.
        "personalised": bool(
            cookies.get(settings.SESSION_COOKIE_NAME)
            or cookies.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))
        )
    }
