"""Signed, single-use, short-lived "Manage my data" links."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from .models import AccessLink

SALT = "rights.my-data-link"


def _hash(nonce):
    return hashlib.sha256(nonce.encode()).hexdigest()


def make_token(person=None):
    """A token for ``person``; without one, the same work with nothing stored.

    Doing the same work for an unknown address keeps both answers alike in
    content and in timing.
    """
    nonce = secrets.token_urlsafe(32)
    token = signing.dumps(nonce, salt=SALT, compress=False)
    if person is not None:
        now = timezone.now()
        AccessLink.objects.create(
            person=person,
            token_hash=_hash(nonce),
            created_at=now,
            expires_at=now + datetime.timedelta(seconds=settings.MY_DATA_LINK_SECONDS),
        )
    return token


def find(token):
    """The usable AccessLink for ``token``, or None (bad, expired or used)."""
    try:
        nonce = signing.loads(token, salt=SALT, max_age=settings.MY_DATA_LINK_SECONDS)
    except signing.BadSignature:
        return None
    link = (
        AccessLink.objects.select_related("person")
        .filter(token_hash=_hash(str(nonce)))
        .first()
    )
    if link is None or not link.usable:
        return None
    return link


@transaction.atomic
def consume(token):
    """Use the link once; returns its person or None."""
    link = find(token)
    if link is None:
        return None
    used = AccessLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not used:
        return None
    # Older links of the same person stop working too.
    AccessLink.objects.filter(person=link.person, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    return link.person
