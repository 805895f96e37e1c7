"""What a field typed by a person may hold: a bounded length, no hidden characters.

Names and addresses end up in the admin, in emails and in exports. A line
break in a name forges lines of an email; a right-to-left override (U+202E)
makes a name read backwards in the admin; other control characters break
terminals and spreadsheets. Single-line fields refuse all of them;
multi-line fields (a postal address, a message) accept line breaks and tabs
only.
"""

from django.utils.deconstruct import deconstructible

from home.validators import (  # noqa: F401 - the rule lives with the contact form's
    BIDI_CONTROLS,
    HIDDEN_CATEGORIES,
    MULTI_LINE_ALLOWED,
    hidden_characters,
)
from home.validators import PlainText as BasePlainText

# Lengths of the free-text fields, shared by the models and their forms.
NAME_LENGTH = 200
LABORATORY_LENGTH = 255
POSTAL_ADDRESS_LENGTH = 500


@deconstructible
class PlainText(BasePlainText):
    """The rule of ``home.validators.PlainText``, under the name that this
    app's migrations record."""


single_line = PlainText()
multi_line = PlainText(multi_line=True)
