"""The Mailchimp commands report progress when asked, nothing at verbosity 0."""

import io

import pytest
from django.core.management import call_command

from newsletter import outbox, sync
from newsletter.models import SyncRecord
from people import services

pytestmark = pytest.mark.django_db(transaction=True)


def subscribe(count):
    for number in range(count):
        services.register(
            full_name=f"Member {number}",
            email=f"member{number}@example.org",
            confirmed=True,
            newsletter=True,
        )


def test_sync_counts_each_change_it_pushes(fake_mailchimp):
    subscribe(3)
    # Whatever went out on commit goes again: three changes to push.
    outbox.mark_pending(SyncRecord.objects.all())
    seen = []
    outcome = sync.drain(progress=seen.append)
    assert outcome.synced == 3
    assert sum(seen) == 3


def test_sync_and_reconcile_are_silent_at_verbosity_zero(fake_mailchimp):
    subscribe(2)
    for command in ("newsletter_sync", "newsletter_reconcile"):
        out = io.StringIO()
        call_command(command, verbosity=0, stdout=out)
        assert out.getvalue() == "", command
    loud = io.StringIO()
    call_command("newsletter_reconcile", stdout=loud)
    assert loud.getvalue()
