"""Old Plone addresses that show an item rather than name it: an image's
scales, a file's download, an item's view. They answer 404 here until this
middleware sends them where the item went.

``/logo.png/@@images/image/preview``, ``/logo.png/image_preview``,
``/guide.pdf/@@download/file/guide.pdf``, ``/team/view``: the part before the
view names the item, found by its Plone path (``PloneObject``) or, for an
address kept only as a redirect, through that redirect.
"""

import logging
import re

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from .models import PloneObject

logger = logging.getLogger(__name__)

# Plone's image scales (Plone 5 squares; Plone 6's wider ones by width).
SCALES = {
    "listing": "max-16x16",
    "icon": "max-32x32",
    "tile": "max-64x64",
    "thumb": "max-128x128",
    "mini": "max-200x200",
    "preview": "max-400x400",
    "teaser": "width-600",
    "large": "max-768x768",
    "larger": "width-1000",
    "great": "width-1200",
    "huge": "width-1600",
}
ORIGINAL = None
# (pattern, whether it asks for an image)
VIEWS = [
    # /@@images/image/preview, /@@images/image, /@@images/image-800-<hash>.png
    (re.compile(r"^(?P<base>.+?)/@@images/[^/]+(?:/(?P<scale>[^/]+))?/?$"), True),
    # Plone 4: /image_preview, /image_large; the field itself: /image
    (re.compile(r"^(?P<base>.+?)/image(?:_(?P<scale>[a-z]+))?/?$"), True),
    # /@@download/file, /@@download/file/guide.pdf, /at_download/file,
    # /@@display-file/file
    (
        re.compile(
            r"^(?P<base>.+?)/(?:@@download|at_download|@@display-file)"
            r"(?:/[^/]+){0,2}/?$"
        ),
        False,
    ),
    # /view, /@@view, /@@images-view
    (re.compile(r"^(?P<base>.+?)/(?:@@)?(?:view|images-view)/?$"), False),
]


def plone_view(path):
    """The item's own path, the scale asked for, and whether an image is
    asked for, if ``path`` is a view of an item."""
    for pattern, image in VIEWS:
        match = pattern.match(path)
        if match:
            scale = match.groupdict().get("scale")
            return match["base"], SCALES.get(scale or "", ORIGINAL), image
    return None, ORIGINAL, False


def target_of(base, request):
    mapping = PloneObject.objects.filter(path=base.rstrip("/")).first()
    if mapping is not None and mapping.target is not None:
        return mapping.target
    site = Site.find_for_request(request)
    redirect = (
        Redirect.get_for_site(site)
        .filter(old_path=Redirect.normalise_path(base))
        .select_related("redirect_page")
        .first()
    )
    return redirect


def url_of(target, scale, request, image=False):
    if isinstance(target, Redirect):
        return target.link
    if isinstance(target, Page):
        target = target.specific
        # A news item's image: the page's lead image.
        lead = getattr(target, "image", None)
        if image and isinstance(lead, get_image_model()):
            target = lead
    if isinstance(target, get_image_model()):
        if scale:
            try:
                return target.get_rendition(scale).url
            except Exception:  # an image Pillow cannot scale: the original
                logger.warning("No %s rendition of image %s", scale, target.pk)
        return target.file.url
    if isinstance(target, get_document_model()):
        return target.url
    if isinstance(target, Page):
        return target.get_url(request=request)
    return None


class PloneViewRedirectMiddleware:
    """After Wagtail's redirects: only what is still 404 is looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        base, scale, image = plone_view(request.path)
        if base is None:
            return response
        target = target_of(base, request)
        url = url_of(target, scale, request, image) if target is not None else None
        if not url:
            return response
        if scale:
            # A rendition's address is the site's own choice: it may change.
            return HttpResponseRedirect(url)
        return HttpResponsePermanentRedirect(url)
