"""What a field typed by a person may hold: a bounded length, no hidden characters.

Names and addresses end up in the admin, in emails and in exports. A line
break in a name forges lines of an email; a right-to-left override (U+202E)
makes a name read backwards in the admin; other control characters break
terminals and spreadsheets. Single-line fields refuse all of them;
multi-line fields (a postal address, a message) accept line breaks and tabs
only.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Unicode's explicit direction marks, embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Control characters, and the line and paragraph separators that act as
# line breaks.
HIDDEN_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
MULTI_LINE_ALLOWED = frozenset("\n\r\t")

# Lengths of the free-text fields, shared by the models and their forms.
NAME_LENGTH = 200
LABORATORY_LENGTH = 255
POSTAL_ADDRESS_LENGTH = 500


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


single_line = PlainText()
multi_line = PlainText(multi_line=True)
