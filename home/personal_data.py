"""Where the site keeps personal data, and what becomes of it.

Every model that holds personal data is registered here once, by the app
that owns it (in its ``AppConfig.ready``), with:

- ``erase(person)``: removes or pseudonymises that person's rows; erasure
  (``people.services.erase``) runs every one, in registration order; without
  one, ``erasure`` says in words what becomes of the rows;
- ``export(person)``: the rows shown to the person (GDPR arts. 15 and 20),
  as a list of plain dicts under ``section``;
- ``retention``: the key of the retention period that limits how long the
  rows are kept (``retention.periods``); without one, ``kept`` says in words
  how long they live;
- ``purge(now, dry_run)``: deletes the rows past their period and returns
  how many there were; ``purge_personal_data`` runs every one.

The consistency checks of the notice (W003) walk it, and a test fails when a
model with fields named like personal data is not here. This module lives in
``home``, the ground floor, so that every app can register without importing
any other.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalData:
    label: str
    description: str
    kept: str = ""
    retention: str | None = None
    erase: Callable | None = None
    erasure: str = ""
    export: Callable | None = None
    section: str = ""
    purge: Callable | None = None


_registry: dict[str, PersonalData] = {}


def register(label, description, **how):
    """Register ``label`` ("app_label.ModelName"); registering twice is a bug."""
    entry = PersonalData(label=label, description=description, **how)
    if label in _registry and _registry[label] != entry:
        raise ValueError(f"{label} is already registered as personal data.")
    if entry.export is not None and not entry.section:
        raise ValueError(f"{label} exports rows but names no section.")
    if entry.erase is None and not entry.erasure:
        raise ValueError(f"Say how {label} is erased: erase= or erasure=.")
    if entry.retention is None and not entry.kept:
        raise ValueError(f"Say how long {label} is kept: retention= or kept=.")
    _registry[label] = entry
    return entry


def entries():
    """Every registered model, in registration order (the apps' order)."""
    return list(_registry.values())


def get(label):
    return _registry[label]


def labels():
    return set(_registry)


# Models whose fields are named like personal data but hold none, and why.
NOT_PERSONAL_DATA = {
    "home.SiteSettings": "the DPO's and the team's published work contacts",
    "home.ContactPage": "the team's addresses contact messages go to and from",
    "home.LegalNoticePage": (
        "the publisher's and host's legal details the law requires to be "
        "published (LCEN art. 6), the director of publication's name included"
    ),
    "wagtailembeds.Embed": "the author name an embedded media's provider publishes",
}

STAFF_ONLY = "staff accounts and their logins are not registered users"

# Django's administrator accounts. The contact form's messages, django-axes'
# login records, sessions and task results are registered by the retention
# app (``retention.personal_data``), which sets their periods.
register(
    "auth.User",
    "Administrator accounts",
    kept="until an administrator deletes the account",
    erasure=STAFF_ONLY,
)


def text_contains(queryset, field, needle):
    """Rows whose ``field`` (text or JSON) contains ``needle``, in any case."""
    from django.db import models
    from django.db.models.functions import Cast, Lower

    return queryset.annotate(
        _haystack=Lower(Cast(field, output_field=models.TextField()))
    ).filter(_haystack__contains=needle.lower())


def replace_mentions(text, needles, replacement="[erased]"):
    """``text`` with every occurrence of each needle replaced, in any case."""
    for needle in needles:
        if not text or not needle:
            continue
        lowered, target = text.lower(), needle.lower()
        out, start = [], 0
        while (index := lowered.find(target, start)) != -1:
            out.append(text[start:index])
            out.append(replacement)
            start = index + len(needle)
        out.append(text[start:])
        text = "".join(out)
    return text
