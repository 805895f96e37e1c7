"""Does the privacy notice say what the site actually does?

Each rule is a small function that receives ``NoticeFacts`` (what the notice
contains and how the site is configured) and returns a list of ``Finding``.
The rules in ``RULES`` run in two places: a Django system check on every live
notice (``manage.py check --database default``, and ``migrate``) and a panel
at the top of the notice's edit view, on the draft being edited.

Other parts extend this module rather than editing it:

- ``RULES.append(my_rule)`` adds a rule;
- the retention periods the notice must show are those that limit a model
  registered in ``home.personal_data`` (its ``retention`` key, looked up in
  ``retention.periods``). A period is "shown" when the notice has a
  ``retention_periods`` block (which renders every period, live) or states
  the period's length in words;
- ``PROCESSORS`` names the third-party processors the notice must name when
  their setting is filled in.

Blocks other parts add are recognised by their type name (``cookie_table``,
``retention_periods``), so the rules start working when those blocks exist.
"""

import re
from dataclasses import dataclass, field
from html import unescape

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from home import personal_data
from retention import periods

COOKIE_TABLE_BLOCK = "cookie_table"
RETENTION_PERIODS_BLOCK = "retention_periods"
DPO_CONTACT_BLOCK = "dpo_contact"

# (setting name, name the notice must mention, what the processor does)
PROCESSORS = [
    ("MAILCHIMP_API_KEY", "Mailchimp", _("sends the newsletters")),
    ("GOOGLE_ANALYTICS_ID", "Google", _("measures the audience (Google Analytics)")),
]


@dataclass(frozen=True)
class Finding:
    id: str
    message: str
    hint: str = ""


@dataclass
class NoticeFacts:
    """What a rule may look at: the notice's content and the site's settings."""

    block_types: set = field(default_factory=set)
    text: str = ""
    settings: object = settings
    dpo_email: str = ""
    dpo_postal_address: str = ""
    retention_periods: list = field(default_factory=list)
    language_code: str = "en"

    def mentions(self, words):
        return words.casefold() in self.text.casefold()

    @classmethod
    def for_page(cls, page, site_settings=None):
        raw = list(page.body.raw_data) if page.body is not None else []
        texts = [page.title or "", page.intro or ""]
        _collect_strings([block.get("value") for block in raw], texts)
        if site_settings is None:
            site_settings = _site_settings_for(page)
        return cls(
            block_types={block.get("type") for block in raw},
            text=_plain(" ".join(texts)),
            dpo_email=getattr(site_settings, "dpo_email", "") or "",
            dpo_postal_address=getattr(site_settings, "dpo_postal_address", "") or "",
            retention_periods=collect_retention_periods(),
            language_code=page.locale.language_code if page.locale_id else "en",
        )


def collect_retention_periods():
    """(what, how long) of every period that limits registered personal data."""
    keys = {
        entry.retention
        for entry in personal_data.entries()
        if entry.retention is not None
    }
    shown = []
    for key in sorted(keys):
        period = periods.get(key)
        shown.append((str(period.label), str(period.length())))
    return shown


def _collect_strings(value, out):
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _collect_strings(item, out)
    elif isinstance(value, list | tuple):
        for item in value:
            _collect_strings(item, out)


def _plain(html):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _site_settings_for(page):
    from home.models import SiteSettings

    site = page.get_site()
    return SiteSettings.for_site(site) if site else None


def analytics_needs_cookie_table(facts):
    if facts.settings.GOOGLE_ANALYTICS_ID and COOKIE_TABLE_BLOCK not in (
        facts.block_types
    ):
        return [
            Finding(
                "notice.W001",
                _("Google Analytics is on but the notice has no cookie table."),
                _(
                    "Add a “Cookie table” block: it lists the cookies from the "
                    "cookie settings, so the notice cannot drift from them."
                ),
            )
        ]
    return []


def processors_are_named(facts):
    findings = []
    for setting_name, name, role in PROCESSORS:
        if getattr(facts.settings, setting_name, "") and not facts.mentions(name):
            findings.append(
                Finding(
                    "notice.W002",
                    _(
                        "%(name)s is configured (it %(role)s) but the notice "
                        "does not name it as a recipient of personal data."
                    )
                    % {"name": name, "role": role},
                    _(
                        "Say in “With whom do we share your Personal Data?” "
                        "that %(name)s processes data on the platform's behalf; "
                        "“not handed out to third parties” is no longer accurate."
                    )
                    % {"name": name},
                )
            )
    return findings


def retention_periods_are_shown(facts):
    if RETENTION_PERIODS_BLOCK in facts.block_types:
        return []
    return [
        Finding(
            "notice.W003",
            _("The retention period for “%(label)s” (%(period)s) is not shown.")
            % {"label": label, "period": period},
            _(
                "Add a “Retention periods” block, which shows every period from "
                "the retention settings."
            ),
        )
        for label, period in facts.retention_periods
        if not facts.mentions(period)
    ]


def dpo_contact_is_set(facts):
    findings = []
    if not (facts.dpo_email or facts.dpo_postal_address):
        findings.append(
            Finding(
                "notice.W004",
                _("The data protection officer's contact is empty."),
                _(
                    "Fill in the DPO's email or postal address under Settings › "
                    "Site settings."
                ),
            )
        )
    if DPO_CONTACT_BLOCK not in facts.block_types:
        findings.append(
            Finding(
                "notice.W005",
                _("The notice has no “DPO contact” block."),
                _("Add one: it shows the DPO contact from the site settings."),
            )
        )
    return findings


RULES = [
    analytics_needs_cookie_table,
    processors_are_named,
    retention_periods_are_shown,
    dpo_contact_is_set,
]


def check_facts(facts, rules=None):
    findings = []
    for rule in RULES if rules is None else rules:
        findings.extend(rule(facts) or [])
    return findings


def check_page(page):
    return check_facts(NoticeFacts.for_page(page))
