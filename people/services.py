"""Every change to a registered user goes through here.

Each function runs in one database transaction that writes the new state,
the ledger row and the ``privacy.signals`` announcement together, so a
listener's outbox row commits or rolls back with the change itself.
"""

import copy

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home import personal_data
from notice.models import NoticeVersion

from . import activity, journal, signals
from .models import ConsentEvent, NewsletterConsent, Person, email_hash

PROFILE_FIELDS = ("full_name", "email", "laboratory", "address", "country")


class DuplicateEmail(ValueError):
    message = _("A registered user with this email address already exists.")


def current_notice_version():
    """The number of the reference notice in force: consents are given under it."""
    version = NoticeVersion.objects.in_force()
    return version.number if version else None


def record(person, purpose, action, source, *, when=None):
    return ConsentEvent.objects.create(
        person_public_id=person.public_id,
        email_hash=email_hash(person.email),
        purpose=purpose,
        action=action,
        source=source,
        occurred_at=when or timezone.now(),
        notice_version=current_notice_version(),
    )


def announce(person, changes, source, previous_email=None):
    signals.person_changed.send(
        sender=Person,
        person=person,
        changes=set(changes),
        previous_email=previous_email,
        source=source,
    )


def check_fields(person):
    """Refuse what no form would accept: every entry point goes through here.

    Raises ``ValidationError`` (too long, hidden characters, not an email
    address...); whether the address is taken is the database's to say
    (``save_unique``).
    """
    person.full_clean(validate_unique=False, validate_constraints=False)


def save_unique(person):
    """Save, or raise ``DuplicateEmail`` if the address is already on file.

    The database's case-insensitive constraint is the only rule: a check
    before the insert could not see a sign-up that commits in between. The
    savepoint keeps the caller's transaction usable after the refusal.
    """
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        others = Person.objects.by_email(person.email)
        if person.pk is not None:
            others = others.exclude(pk=person.pk)
        if others.exists():
            raise DuplicateEmail(person.email) from None
        raise


def _set_newsletter(person, state, source, now):
    person.newsletter_consent = state
    person.newsletter_consent_at = now
    person.newsletter_consent_notice_version = current_notice_version()
    person.newsletter_consent_source = source


@transaction.atomic
def register(
    *,
    full_name,
    email,
    laboratory="",
    address="",
    country="",
    newsletter=False,
    source="signup",
    confirmed=False,
):
    """Create a record; it counts once confirmed (``confirm`` or confirmed=True).

    Raises ``DuplicateEmail`` when the address, in any case, is already on
    file, including when another sign-up for it commits first.
    """
    email = email.strip()
    now = timezone.now()
    person = Person(
        full_name=full_name.strip(),
        email=email,
        laboratory=laboratory,
        address=address,
        country=country,
        source=source,
    )
    check_fields(person)
    if newsletter:
        _set_newsletter(person, NewsletterConsent.PENDING, source, now)
    save_unique(person)
    record(
        person,
        ConsentEvent.Purpose.REGISTRATION,
        ConsentEvent.Action.REQUESTED,
        source,
        when=now,
    )
    if newsletter:
        record(
            person,
            ConsentEvent.Purpose.NEWSLETTER,
            ConsentEvent.Action.REQUESTED,
            source,
            when=now,
        )
    if confirmed:
        confirm(person, source=source)
    return person


@transaction.atomic
def confirm_signup(person, *, source="signup"):
    """The person followed the emailed link: the record and any opt-in count.

    True only for the call that confirmed the record: claiming it is one
    conditional UPDATE, so of two requests racing on one link, one wins.
    """
    now = timezone.now()
    claimed = Person.objects.filter(pk=person.pk, confirmed_at__isnull=True).update(
        confirmed_at=now
    )
    person.refresh_from_db()
    if not claimed:
        return False
    activity.record_activity(person, activity.CONFIRMATION, now=now)
    changes = {"confirmed"}
    record(
        person,
        ConsentEvent.Purpose.REGISTRATION,
        ConsentEvent.Action.CONFIRMED,
        source,
        when=now,
    )
    if person.newsletter_consent == NewsletterConsent.PENDING:
        _set_newsletter(person, NewsletterConsent.GIVEN, source, now)
        record(
            person,
            ConsentEvent.Purpose.NEWSLETTER,
            ConsentEvent.Action.GIVEN,
            source,
            when=now,
        )
        changes.add("newsletter_consent")
        person.save()
    announce(person, changes, source)
    return True


def confirm(person, *, source="signup"):
    """``confirm_signup``, returning the person (confirmed, now or before)."""
    confirm_signup(person, source=source)
    return person


@transaction.atomic
def set_newsletter_consent(person, given, *, source, action=None):
    """Give or withdraw newsletter consent; a no-op when nothing changes.

    ``action`` lets a caller record why a withdrawal happened (for example
    ``ConsentEvent.Action.CLEANED`` when the mail service rejected the address).
    """
    target = NewsletterConsent.GIVEN if given else NewsletterConsent.WITHDRAWN
    if person.newsletter_consent == target or (
        not given and person.newsletter_consent == NewsletterConsent.NONE
    ):
        return False
    now = timezone.now()
    if given and not person.is_confirmed:
        target = NewsletterConsent.PENDING
    _set_newsletter(person, target, source, now)
    person.save()
    default_action = (
        ConsentEvent.Action.GIVEN if given else ConsentEvent.Action.WITHDRAWN
    )
    if target == NewsletterConsent.PENDING:
        default_action = ConsentEvent.Action.REQUESTED
    record(
        person,
        ConsentEvent.Purpose.NEWSLETTER,
        action or default_action,
        source,
        when=now,
    )
    if given:
        # A consent given is a sign from the person; a withdrawal may come
        # from the mail service (a rejected address), so it is not.
        activity.record_activity(person, activity.CONSENT, now=now)
    announce(person, {"newsletter_consent"}, source)
    return True


@transaction.atomic
def set_restricted(person, restricted, *, source):
    """Restrict processing (GDPR art. 18) or lift the restriction."""
    if person.processing_restricted == restricted:
        return False
    now = timezone.now()
    person.processing_restricted = restricted
    person.restricted_at = now if restricted else None
    person.save()
    action = (
        ConsentEvent.Action.RESTRICTED
        if restricted
        else ConsentEvent.Action.UNRESTRICTED
    )
    record(person, ConsentEvent.Purpose.PROCESSING, action, source, when=now)
    announce(person, {"processing_restricted"}, source)
    return True


@transaction.atomic
def update_profile(person, *, source, **fields):
    """Rectify the record (GDPR art. 16). Returns the set of changed fields.

    An ``email`` given here must already be proved: by the link mailed to it
    (``change_email``), by Mailchimp's own confirmation, or as the same
    address in another case. Forms ask for a new address through
    ``people.email_change`` instead.
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not profile fields: {sorted(unknown)}")
    previous_email = person.email
    if "email" in fields:
        fields["email"] = fields["email"].strip()
    changed = {name for name, value in fields.items() if getattr(person, name) != value}
    if not changed:
        return changed
    candidate = copy.copy(person)
    for name in changed:
        setattr(candidate, name, fields[name])
    check_fields(candidate)
    before = {name: getattr(person, name) for name in changed}
    for name in changed:
        setattr(person, name, fields[name])
    try:
        save_unique(person)
    except DuplicateEmail:
        for name, value in before.items():
            setattr(person, name, value)
        raise
    announce(
        person,
        changed | {"profile"},
        source,
        previous_email=previous_email if "email" in changed else None,
    )
    return changed


@transaction.atomic
def change_email(person, email, *, source):
    """The new address proved itself (its link was followed): the record takes it.

    Only ``people.email_change`` calls this for a person's or the DPO's
    change, once the link mailed to the new address is followed; a change
    Mailchimp has confirmed arrives through ``update_profile``. The ledger
    notes the confirmation under the new address's hash, so the newsletter
    consent goes on with an address its owner has proved, and an
    unconfirmed sign-up counts from now on. Raises ``DuplicateEmail``.
    """
    changed = update_profile(person, source=source, email=email)
    if changed:
        record(
            person,
            ConsentEvent.Purpose.REGISTRATION,
            ConsentEvent.Action.ADDRESS_CONFIRMED,
            source,
        )
    if not person.is_confirmed:
        confirm_signup(person, source=source)
    return changed


@transaction.atomic
def erase(person, *, source, erased_at=None):
    """Erase the person everywhere; only the ledger's pseudonymous rows remain.

    "Everywhere" is every model registered in ``home.personal_data`` with an
    ``erase`` function, in registration order, before the record itself goes.
    The erasure is written to the journal outside the database too
    (``people.journal``). ``erased_at`` is for a replay, which keeps the time
    of the erasure it repeats: someone who registered again after it stays.
    """
    erased_at = erased_at or timezone.now()
    signals.person_erased.send(sender=Person, person=person, source=source)
    record(
        person,
        ConsentEvent.Purpose.REGISTRATION,
        ConsentEvent.Action.ERASED,
        source,
        when=erased_at,
    )
    journal.append(email_hash(person.email), erased_at)
    for entry in personal_data.entries():
        if entry.erase is not None:
            entry.erase(person)
    person.delete()


def erasures():
    """Every erasure known: keyed hash -> (latest erasure time, public id).

    The ledger in the database and the journal outside it are read together:
    after a restore the ledger has lost the erasures made since the backup,
    the journal has not. An erasure known only from the journal gets a stable
    stand-in public id (``journal.public_id_for``).
    """
    known = {}
    rows = (
        ConsentEvent.objects.filter(action=ConsentEvent.Action.ERASED)
        .order_by("occurred_at", "pk")
        .values_list("email_hash", "occurred_at", "person_public_id")
    )
    for hashed, erased_at, public_id in rows.iterator(chunk_size=5000):
        known[hashed] = (erased_at, public_id)
    for hashed, erased_at in journal.read().items():
        if hashed not in known:
            known[hashed] = (erased_at, journal.public_id_for(hashed))
        elif known[hashed][0] < erased_at:
            known[hashed] = (erased_at, known[hashed][1])
    return known
