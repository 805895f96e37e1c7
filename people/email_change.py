"""A new email address counts once confirmed from that address.

Whoever asks (the person in "Manage my data" or the DPO in the admin), the
record keeps its address until the single-use link mailed to the new one is
followed, and the old address is told of the request. An address, and the
newsletter consent that goes with it, is so always one its owner has proved:
typing someone else's address subscribes no one.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.mail import send
from home.throttle import hit_limit

from . import services
from .models import EmailChange, Person

SALT = "people.email-change"
# What following a link did.
CHANGED, TAKEN, UNUSABLE = "changed", "taken", "unusable"


def link_seconds():
    """How long the link to a new address works (EMAIL_CHANGE_LINK_SECONDS)."""
    return getattr(settings, "EMAIL_CHANGE_LINK_SECONDS", 24 * 3600)


def _hash(nonce):
    return hashlib.sha256(nonce.encode()).hexdigest()


def differs(person, email):
    """Whether ``email`` is another address than the record's, not just its case.

    The site holds one record per address whatever its case (the database's
    constraint), so a change of case alone needs no proof.
    """
    return email.strip().lower() != person.email.strip().lower()


def pending(person):
    """The change waiting for confirmation, if any."""
    return (
        EmailChange.objects.filter(
            person=person, used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


def limit_reached(person):
    """Count one request; True past ``EMAIL_CHANGE_RATE`` (requests, seconds).

    Each request mails an address the asker chose: a limit per record keeps
    that from becoming a way to flood a mailbox.
    """
    limit, window = getattr(settings, "EMAIL_CHANGE_RATE", (3, 3600))
    return hit_limit(f"email-change:{person.public_id}", limit, window)


@transaction.atomic
def create(person, new_email, *, source):
    """Store the request and return its token; earlier requests stop working."""
    now = timezone.now()
    EmailChange.objects.filter(person=person, used_at__isnull=True).update(used_at=now)
    nonce = secrets.token_urlsafe(32)
    EmailChange.objects.create(
        person=person,
        new_email=new_email.strip(),
        token_hash=_hash(nonce),
        source=source,
        created_at=now,
        expires_at=now + datetime.timedelta(seconds=link_seconds()),
    )
    return signing.dumps(nonce, salt=SALT, compress=False)


def start(request, person, new_email, *, source):
    """Mail the link to the new address and tell the old one.

    An address that already has its own record gets no link, only a word
    that nothing changed; the request is stored all the same, so the asker
    sees the same pages either way. No mail carries the person's name: the
    new address is not proved yet.
    """
    new_email = new_email.strip()
    token = create(person, new_email, source=source)
    if Person.objects.by_email(new_email).exclude(pk=person.pk).exists():
        send(
            new_email,
            _("Your email address and MicroScope"),
            "email/people/email_change_taken.txt",
            {},
        )
    else:
        send(
            new_email,
            _("Please confirm your new email address for MicroScope"),
            "email/people/email_change_confirm.txt",
            {
                "link": request.build_absolute_uri(
                    reverse("email_change_confirm", args=[token])
                ),
                "hours": link_seconds() // 3600,
            },
        )
    send(
        person.email,
        _("A change of your email address was requested"),
        "email/people/email_change_notice.txt",
        {"my_data_url": request.build_absolute_uri(reverse("my_data"))},
    )


def find(token):
    """The usable request for ``token``, or None (bad, expired, used or replaced)."""
    try:
        nonce = signing.loads(token, salt=SALT, max_age=link_seconds())
    except signing.BadSignature:
        return None
    change = (
        EmailChange.objects.select_related("person")
        .filter(token_hash=_hash(str(nonce)))
        .first()
    )
    if change is None or not change.usable:
        return None
    return change


@transaction.atomic
def confirm(token):
    """Use the link once: the record takes the new address. Returns an outcome."""
    change = find(token)
    if change is None:
        return UNUSABLE
    claimed = EmailChange.objects.filter(pk=change.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not claimed:
        return UNUSABLE
    person = Person.objects.select_for_update().get(pk=change.person_id)
    try:
        services.change_email(person, change.new_email, source=change.source)
    except services.DuplicateEmail:
        # Registered meanwhile by someone else: the link is spent, nothing else.
        return TAKEN
    return CHANGED
