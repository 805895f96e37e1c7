"""Keeps personal data and secrets out of the logs.

Wagtail's own logger names the objects it saves ('Edited: "<label>" pk=3'),
any log line may quote a form value, and some URLs carry a secret (the
sign-up confirmation and "Manage my data" tokens, the Mailchimp webhook's
secret path segment). ``PersonalDataFilter``, set on every handler, masks
email addresses and those secrets in every record's message, and the quoted
label in Wagtail's lines about non-page objects (snippets), whose labels may
be people's names. ``PersonalDataFormatter`` does the same to the formatted
traceback, which a filter never sees (a database error quotes the duplicate
value). ``AccessLogger`` is gunicorn's access log with the same masking.
Page titles are not personal data and stay readable.
"""

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
QUOTED = re.compile(r'"[^"]*"')
# Path segments that are secrets, with or without a language prefix.
SECRET_SEGMENT = re.compile(
    r"(/(?:register/confirm|my-data/open|newsletter/mailchimp/webhook)/)[^/\s\"'?#]+"
)
# PostgreSQL's "Key (lower(email::text))=(ada@example.org) already exists."
KEY_VALUE = re.compile(r"\)=\((.*?)\)(?= already exists| is not present|\.|$)", re.M)


def mask(text):
    text = SECRET_SEGMENT.sub(r"\1[secret]", text)
    text = KEY_VALUE.sub(")=([value])", text)
    return EMAIL.sub("[email]", text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is logged as it is
            return True
        masked = mask(message)
        if record.name.split(".")[0] == "wagtail" and not masked.startswith("Page"):
            masked = QUOTED.sub('"[label]"', masked)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class PersonalDataFormatter(logging.Formatter):
    def formatException(self, ei):  # noqa: N802 - logging's name
        return mask(super().formatException(ei))

    def formatStack(self, stack_info):  # noqa: N802 - logging's name
        return mask(super().formatStack(stack_info))


class AccessLogger(GunicornLogger):
    """gunicorn's logger, with secrets in paths masked in the access log."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask(atoms[key])
        return atoms


class MinimumLevelFilter(logging.Filter):
    """Lets through records at ``level`` or above, whatever the logger's level.

    ``db_worker`` sets its loggers to INFO itself; on a logger, this filter
    keeps their one-line-per-task chatter out of the demo terminal while
    warnings and errors still show.
    """

    def __init__(self, level="WARNING"):
        super().__init__()
        self.level = logging.getLevelName(level) if isinstance(level, str) else level

    def filter(self, record):
        return record.levelno >= self.level
