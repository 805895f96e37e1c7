"""Uploaded images, served by the site itself.

Without this, production (DEBUG off) answers 404 for every ``/media/`` address,
so editors' images vanish from the live site and from newsletters. Only the
folders Wagtail writes images to are served: documents live under ``media/`` too,
and a document in a private collection must go through Wagtail's own view
(``/documents/<id>/<name>``), which checks who asks. Everything else under
MEDIA_ROOT, hidden files and folder listings answer 404. A larger site puts a
file server or object storage in front (see the README's production section).
"""

import mimetypes
import posixpath
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

SERVED_FOLDERS = ("images", "original_images")

# SVG can carry scripts: a sandboxed policy keeps one opened on its own from
# running anything under the site's origin.
MEDIA_CSP = "default-src 'none'; img-src 'self'; sandbox"


def media_file(path):
    """The file under MEDIA_ROOT that ``path`` names, or None."""
    if posixpath.normpath(path) != path or "\\" in path or "\x00" in path:
        return None
    parts = path.split("/")
    if len(parts) < 2 or parts[0] not in SERVED_FOLDERS:
        return None
    if any(not part or part.startswith(".") for part in parts):
        return None
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, *parts))
    except (SuspiciousFileOperation, ValueError):
        return None
    return full if full.is_file() else None


@require_safe
def serve_media(request, path):
    full = media_file(path)
    if full is None:
        raise Http404("No such file.")
    content_type, encoding = mimetypes.guess_type(full.name)
    if encoding or not content_type or not content_type.startswith("image/"):
        raise Http404("No such file.")
    stat = full.stat()
    if not was_modified_since(
        request.META.get("HTTP_IF_MODIFIED_SINCE"), int(stat.st_mtime)
    ):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(full.open("rb"), content_type=content_type)
        response["Content-Length"] = str(stat.st_size)
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = f"public, max-age={settings.MEDIA_CACHE_SECONDS}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    return response
