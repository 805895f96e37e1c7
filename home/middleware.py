from csp.constants import SELF, UNSAFE_INLINE
from django.conf import settings


class PermissionsPolicyMiddleware:
    """Switch off browser features the site never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# wagtail-newsletter's preview of a newsletter as the email it sends.
EMAIL_PREVIEW_MODES = frozenset({"newsletter"})


class PreviewFramingMiddleware:
    """Let the admin show its previews: they are framed by the admin itself.

    Wagtail renders a preview (of a page, of the notice, of a newsletter
    email) through the whole middleware stack with a dummy request for the
    page's public URL, so the public policy applies, ``frame-ancestors 'none'``
    included, and the browser refuses to show it in the preview panel. For
    those responses only, the site's own origin may frame them. Place it
    right after ``csp.middleware.CSPMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
            replace = dict(getattr(response, "_csp_replace", None) or {})
            replace["frame-ancestors"] = [SELF]
            if getattr(request, "preview_mode", "") in EMAIL_PREVIEW_MODES:
                # An email is styled inline (mail programs read no style
                # sheet); scripts stay refused.
                replace["style-src"] = [SELF, UNSAFE_INLINE]
            response._csp_replace = replace
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response
