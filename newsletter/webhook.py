"""Mailchimp's webhook: unsubscribes, cleaned addresses and profile changes.

Mailchimp checks the URL with a GET when the webhook is added, then POSTs
form-encoded events. The secret path segment is the only credential, so a
wrong one is a plain 404. Each event goes through ``people.services``
with source "mailchimp": the ledger row is written there, and the outbox
knows not to send the change back to Mailchimp. Repeated deliveries change
nothing the second time.
"""

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_countries import countries

from people import services
from people.models import ConsentEvent, NewsletterConsent, Person

from .models import WebhookEvent
from .outbox import MAILCHIMP

logger = logging.getLogger(__name__)
Outcome = WebhookEvent.Outcome
MAX_EMAIL_LENGTH = 254


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def mailchimp_webhook(request, secret):
    expected = settings.MAILCHIMP_WEBHOOK_SECRET
    if not expected or not constant_time_compare(secret, expected):
        raise Http404
    if request.method != "POST":
        # Mailchimp's validation request when the webhook is added.
        return HttpResponse("OK", content_type="text/plain")
    raw_type = request.POST.get("type", "")
    event_type = printable(raw_type)[:20]
    list_id = request.POST.get("data[list_id]", "")
    if list_id and list_id != settings.MAILCHIMP_AUDIENCE_ID:
        outcome, person = Outcome.IGNORED, None
    else:
        handler = HANDLERS.get(raw_type)
        with transaction.atomic():
            if handler is None:
                outcome, person = Outcome.IGNORED, None
            else:
                outcome, person = handler(request.POST)
            WebhookEvent.objects.create(
                event_type=event_type or "?",
                person_public_id=person.public_id if person else None,
                outcome=outcome,
            )
    logger.info("Mailchimp webhook %s: %s", event_type or "?", outcome)
    return HttpResponse("OK", content_type="text/plain")


def printable(text):
    """``text`` without control characters: the admin lists the event type,
    and PostgreSQL refuses NUL in text."""
    return "".join(char for char in text if char.isprintable())


def find(email):
    # No address on file is that long or holds a NUL; PostgreSQL refuses a
    # NUL in a query, SQLite a LIKE pattern of 50 KB (the lookup ignores case).
    if not email or len(email) > MAX_EMAIL_LENGTH or "\x00" in email:
        return None
    return Person.objects.by_email(email).select_for_update().first()


def fired_at(data):
    """When Mailchimp fired the event ("2026-11-26 10:00:00", UTC), or None."""
    try:
        moment = datetime.strptime(data.get("fired_at", ""), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC)


def unsubscribe(data, action=None):
    person = find(data.get("data[email]", ""))
    if person is None:
        return Outcome.UNKNOWN, None
    fired = fired_at(data)
    if (
        fired is not None
        and person.newsletter_consent_at
        # Mailchimp's times are whole seconds.
        and fired < person.newsletter_consent_at.replace(microsecond=0)
    ):
        # An old event, replayed or late: a newer consent decision stands.
        return Outcome.IGNORED, person
    if person.newsletter_consent == NewsletterConsent.WITHDRAWN:
        return Outcome.UNCHANGED, person
    changed = services.set_newsletter_consent(
        person, False, source=MAILCHIMP, action=action
    )
    return (Outcome.APPLIED if changed else Outcome.UNCHANGED), person


def cleaned(data):
    return unsubscribe(data, action=ConsentEvent.Action.CLEANED)


def profile(data):
    person = find(data.get("data[email]", ""))
    if person is None:
        return Outcome.UNKNOWN, None
    fields = {}
    first = data.get("data[merges][FNAME]", "").strip()
    last = data.get("data[merges][LNAME]", "").strip()
    if first:
        name = f"{first} {last}".strip()
        if name != person.full_name:
            fields["full_name"] = name[:200]
    if "data[merges][LAB]" in data:
        fields["laboratory"] = data["data[merges][LAB]"].strip()[:255]
    country = data.get("data[merges][COUNTRY]", "").strip().upper()
    if country and country in dict(countries):
        fields["country"] = country
    try:
        changed = services.update_profile(person, source=MAILCHIMP, **fields)
    except ValidationError:
        # A name with control or text-direction characters, too long...: the
        # record keeps what it holds.
        return Outcome.IGNORED, person
    return (Outcome.APPLIED if changed else Outcome.UNCHANGED), person


def upemail(data):
    old, new = data.get("data[old_email]", ""), data.get("data[new_email]", "")
    new = new.strip()
    try:
        if len(new) > MAX_EMAIL_LENGTH:
            raise ValidationError("too long")
        validate_email(new)
    except ValidationError:
        # An empty or malformed new address is never stored.
        person = find(old)
        return Outcome.IGNORED, person
    person = find(old)
    if person is None:
        person = find(new)
        return (Outcome.UNCHANGED if person else Outcome.UNKNOWN), person
    try:
        changed = services.update_profile(person, source=MAILCHIMP, email=new)
    except (services.DuplicateEmail, ValidationError):
        return Outcome.IGNORED, person
    return (Outcome.APPLIED if changed else Outcome.UNCHANGED), person


HANDLERS = {
    "unsubscribe": unsubscribe,
    "cleaned": cleaned,
    "profile": profile,
    "upemail": upemail,
}
