"""Validators shared by the site's forms and blocks."""

import re
import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.core.validators import EmailValidator, validate_email
from django.utils.deconstruct import deconstructible
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


# Control, format (direction marks, zero-width joiners), surrogate, private
# and unassigned characters, and the line and paragraph separators.
NOT_IN_AN_ADDRESS = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def validate_mailbox(value):
    """An email address that mail can be sent to, with no hidden characters.

    Django's ``EmailValidator`` lets control characters through in a quoted
    local part (``"\x0b"@example.org``) and any character above U+00A0 in the
    domain, right-to-left overrides included. Such an address is refused when
    a message to it is built, long after the form accepted it.
    """
    if not value:
        return
    if any(unicodedata.category(char) in NOT_IN_AN_ADDRESS for char in value):
        raise ValidationError(
            _(
                "Please remove the invisible control or text-direction characters "
                "from this email address."
            ),
            code="hidden_characters",
        )
    try:
        validate_email(value)
    except ValidationError:
        # The email field says so; the mail parser below is not meant for
        # text that is not an address at all (a lone quote breaks it).
        return
    try:
        sanitize_address(value, "utf-8")
    except (ValueError, IndexError) as error:  # UnicodeError: IDNA refuses it
        raise ValidationError(
            _("Emails cannot be sent to this address. Please check it."),
            code="undeliverable",
        ) from error


# What a field typed by a person may hold (``people.validators`` says why):
# the contact form follows the same rule as a registered user's record.

# Unicode's explicit direction marks, embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Control characters, and the line and paragraph separators that act as
# line breaks.
HIDDEN_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
MULTI_LINE_ALLOWED = frozenset("\n\r\t")


def hidden_characters(text, *, multi_line=False):
    """The characters of ``text`` that a single- or multi-line field refuses."""
    return [
        char
        for char in text
        if not (multi_line and char in MULTI_LINE_ALLOWED)
        and (char in BIDI_CONTROLS or unicodedata.category(char) in HIDDEN_CATEGORIES)
    ]


@deconstructible
class PlainText:
    """Refuses control and text-direction characters (and, by default, newlines)."""

    code = "hidden_characters"

    def __init__(self, multi_line=False):
        self.multi_line = multi_line

    def __call__(self, value):
        if value and hidden_characters(str(value), multi_line=self.multi_line):
            if self.multi_line:
                message = _(
                    "Please remove the invisible control or text-direction "
                    "characters from this field."
                )
            else:
                message = _(
                    "Please write this on one line, without invisible control or "
                    "text-direction characters."
                )
            raise ValidationError(message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, PlainText) and self.multi_line == other.multi_line
