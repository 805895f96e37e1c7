"""Writing and pruning the consent ledger (proof of consent, GDPR art. 7(1))."""

import datetime
import logging
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags

from . import state as consent
from .catalogue import ANALYTICS_GROUP, get_catalogue
from .models import (
    ACTION_EXPIRED,
    SOURCE_BANNER,
    SOURCE_BROWSER,
    SOURCE_PREFERENCES,
    SOURCE_SERVER,
    ConsentRecord,
    ConsentText,
)

logger = logging.getLogger(__name__)

# The templates whose text a visitor reads before deciding, per source.
TEXT_TEMPLATES = {
    SOURCE_BANNER: "components/cookie_banner_dialog.html",
    SOURCE_PREFERENCES: "consent/preferences_form.html",
    SOURCE_BROWSER: "components/cookie_gpc_notice.html",
}


def shown_text(source, language=None):
    """The plain text of what a visitor saw, as rendered for ``language``.

    Rendered once per catalogue, source and language: every decision from the
    same form in the same language shows the same text.
    """
    template = TEXT_TEMPLATES.get(source)
    if template is None:
        return ""
    language = language or translation.get_language()
    catalogue = get_catalogue()
    text = catalogue.shown_texts.get((source, language))
    if text is None:
        with translation.override(language):
            html = render_to_string(
                template,
                {
                    "cookie_groups": catalogue.groups,
                    "text_only": True,
                    "next_url": "/",
                },
            )
        text = re.sub(r"\s+", " ", strip_tags(html)).strip()
        catalogue.shown_texts[(source, language)] = text
    return text


def text_record(source, language=None):
    text = shown_text(source, language)
    if not text:
        return None
    digest = ConsentText.digest(text)
    record, _created = ConsentText.objects.get_or_create(
        sha256=digest,
        defaults={"language": language or translation.get_language(), "text": text},
    )
    return record


def current_notice_version(language=None):
    versions = get_catalogue().notice_versions
    language = language or translation.get_language()
    return versions.get(language, versions.get(settings.LANGUAGE_CODE))


def record_decision(
    request,
    response,
    *,
    action,
    groups,
    source,
    gpc=False,
    previous=None,
    now=None,
):
    """Write the ledger row and the consent cookie for one decision.

    ``groups`` maps each optional group's varname to accepted or not; the
    required groups are recorded as accepted. When the visitor's earlier
    choice had run out, an ``expired`` row for it comes first.
    """
    now = now or timezone.now()
    previous = previous or consent.read_state(request, now)
    language = translation.get_language() or settings.LANGUAGE_CODE
    notice_version = current_notice_version(language)
    catalogue = get_catalogue()
    outcome = {group.varname: True for group in catalogue.groups if group.is_required}
    outcome.update(
        {g.varname: bool(groups.get(g.varname)) for g in catalogue.optional_groups}
    )
    consent_id = previous.consent_id or consent.new_consent_id()
    with transaction.atomic():
        if previous.status in (consent.STATUS_EXPIRED, consent.STATUS_STALE):
            record_expiry(previous, now=now)
        record = ConsentRecord.objects.create(
            consent_id=consent_id,
            created_at=now,
            action=action,
            choices=outcome,
            notice_version=notice_version,
            text=text_record(source, language),
            source=source,
            gpc=gpc,
            language=language,
        )
    consent.write_state(
        response,
        consent_id=consent_id,
        groups=outcome,
        decided_at=now,
        notice_version=notice_version,
        source=source,
    )
    if not outcome.get(ANALYTICS_GROUP, False):
        consent.delete_analytics_cookies(response, request)
    logger.info("Cookie choice recorded: %s from %s", action, source)
    return record


def record_expiry(state, now=None):
    """The ledger row saying the visitor's last decision no longer applies.

    The cookie is the visitor's to forge, and a ledger row is kept for
    years: a row is written only for a consent ID the ledger already holds,
    and at most once per decision (``ends`` is unique, so two requests
    racing with the same cookie cannot both write one). The notice version
    is the decision's own, never the cookie's.
    """
    if not state.consent_id:
        return None
    decision = (
        ConsentRecord.objects.filter(consent_id=state.consent_id)
        .order_by("-created_at", "-pk")
        .first()
    )
    if decision is None or decision.action == ACTION_EXPIRED:
        return None
    catalogue = get_catalogue()
    try:
        with transaction.atomic():
            return ConsentRecord.objects.create(
                consent_id=state.consent_id,
                created_at=now or timezone.now(),
                action=ACTION_EXPIRED,
                choices={
                    group.varname: bool(group.is_required) for group in catalogue.groups
                },
                notice_version=decision.notice_version,
                source=SOURCE_SERVER,
                language=translation.get_language() or "",
                ends=decision,
            )
    except IntegrityError:
        return None


def retention_cutoff(now=None):
    now = now or timezone.now()
    return now - datetime.timedelta(days=settings.COOKIE_CONSENT_LEDGER_RETENTION_DAYS)


def prune_consent_ledger(now=None):
    """Delete ledger rows past the retention period, and texts no row uses.

    Returns the number of ledger rows deleted. Safe to call from any purge
    job; it only ever removes rows older than the cut-off.
    """
    cutoff = retention_cutoff(now)
    with transaction.atomic():
        deleted, _detail = ConsentRecord.objects.filter(created_at__lt=cutoff).delete()
        ConsentText.objects.filter(
            records__isnull=True, first_shown_at__lt=cutoff
        ).delete()
    return deleted
