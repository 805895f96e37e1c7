"""Validators shared by the site's forms and blocks."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Browsers drop tabs and line breaks inside a URL ("java\tscript:" runs), so
# no control or space character is allowed anywhere in an address.
UNSAFE_IN_URL = re.compile(
    r"[\x00-\x20\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e]"
)


def validate_link_address(value):
    """A path on this site (/cookies/), or an http(s) or mailto: address."""
    message = _(
        "Enter a path on this site (starting with /) or a full address starting "
        "with https://, http:// or mailto:."
    )
    if not value:
        return
    if UNSAFE_IN_URL.search(value):
        raise ValidationError(message, code="unsafe")
    if value.startswith(("/", "#", "?")):
        if value.startswith("//") or "\\" in value:
            raise ValidationError(message, code="unsafe")
        return
    parts = urlsplit(value)
    if parts.scheme.lower() not in LINK_SCHEMES:
        raise ValidationError(message, code="scheme")
    if parts.scheme.lower() == "mailto":
        EmailValidator(message=message)(parts.path)
    elif not parts.netloc:
        raise ValidationError(message, code="host")
