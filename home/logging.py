"""Keeps personal data out of the logs.

Wagtail's own logger names the objects it saves ('Edited: "<label>" pk=3'),
and any log line may quote a form value. This filter, set on every handler,
masks email addresses in every record and the quoted label in Wagtail's lines
about non-page objects (snippets), whose labels may be people's names.
Page titles are not personal data and stay readable.
"""

import logging
import re

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
QUOTED = re.compile(r'"[^"]*"')


class PersonalDataFilter(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is logged as it is
            return True
        masked = EMAIL.sub("[email]", message)
        if record.name.split(".")[0] == "wagtail" and not masked.startswith("Page"):
            masked = QUOTED.sub('"[label]"', masked)
        if masked != message:
            record.msg, record.args = masked, None
        return True
