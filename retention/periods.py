"""Every retention period the site applies, with its words for the notice.

The periods of *Settings › Retention periods* register here in this app's
``ready``; an app whose period comes from elsewhere (the consent ledger, from
a setting) registers its own. The notice's "Retention periods" block shows
them all, and ``home.personal_data`` entries name one by its key, so the
consistency check (W003) knows which periods the notice must show.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    # How long, in words of the active language ("12 months").
    length: Callable[[], str]


_periods: dict[str, Period] = {}


def register(key, label, length):
    if key in _periods and _periods[key].length is not length:
        raise ValueError(f"The retention period {key!r} is already registered.")
    _periods[key] = Period(key=key, label=label, length=length)


def get(key):
    return _periods[key]


def keys():
    return set(_periods)


def shown():
    """(what, how long) pairs, in the words the notice shows, in order."""
    return [(period.label, period.length()) for period in _periods.values()]
