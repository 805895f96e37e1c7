"""Every place the site keeps a registered user, emptied on erasure.

``privacy.people.services.erase`` runs each ``@eraser`` inside the erasure
transaction, before the record itself goes. Only the consent ledger's
pseudonymous rows (the tombstone) remain.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast, Lower
from django.utils import timezone
from django.utils.translation import gettext

from privacy.people.models import RegisteredUser, email_hash
from privacy.people.services import erase, eraser
from privacy.visits import buffer
from privacy.visits.models import Visit

from .models import DataSubjectRequest, RequestEvent

ERASED_LABEL = "Erased registered user"


def _text_contains(queryset, field, needle):
    """Rows whose ``field`` (text or JSON) contains ``needle``, any case."""
    return queryset.annotate(
        _haystack=Lower(Cast(field, output_field=models.TextField()))
    ).filter(_haystack__contains=needle.lower())


def _mentions(person):
    needles = [person.email]
    if person.full_name:
        needles.append(person.full_name)
    return needles


@eraser
def erase_visits(person):
    buffer.discard_person(person.public_id)
    Visit.objects.filter(person=person.public_id).delete()


@eraser
def erase_log_entries(person):
    """Wagtail's history: entries about the record, and any that name them."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    content_type = ContentType.objects.get_for_model(RegisteredUser)
    ModelLogEntry.objects.filter(
        content_type=content_type, object_id=str(person.pk)
    ).update(label=ERASED_LABEL, data={})
    for model in (ModelLogEntry, PageLogEntry):
        for needle in _mentions(person):
            for field in ("label", "data"):
                _text_contains(model.objects.all(), field, needle).update(
                    label=ERASED_LABEL, data={}
                )


@eraser
def erase_revisions(person):
    from wagtail.models import Revision

    content_type = ContentType.objects.get_for_model(RegisteredUser)
    Revision.objects.filter(
        base_content_type=content_type, object_id=str(person.pk)
    ).delete()


@eraser
def erase_search_index(person):
    from wagtail.search.models import IndexEntry

    content_type = ContentType.objects.get_for_model(RegisteredUser)
    IndexEntry.objects.filter(
        content_type=content_type, object_id=str(person.pk)
    ).delete()


@eraser
def erase_form_submissions(person):
    """Contact-form messages sent from the person's address."""
    from wagtail.contrib.forms.models import FormSubmission

    _text_contains(FormSubmission.objects.all(), "form_data", person.email).delete()


@eraser
def pseudonymise_requests(person):
    """Requests are evidence of how the law was followed: kept, but nameless."""
    requests = DataSubjectRequest.objects.filter(
        Q(person=person) | Q(email__iexact=person.email)
    )
    hashed = email_hash(person.email)
    for request in requests:
        request.full_name = gettext("Erased")
        request.email = f"{hashed[:32]}@erased.invalid"
        request.message = ""
        request.pseudonymised = True
        request.person = None
        for needle in _mentions(person):
            request.answer = _replace(request.answer, needle)
            request.extension_reason = _replace(request.extension_reason, needle)
        request.save()
    for event in RequestEvent.objects.filter(request__in=requests):
        note = event.note
        for needle in _mentions(person):
            note = _replace(note, needle)
        if note != event.note:
            RequestEvent.objects.filter(pk=event.pk).update(note=note)


def _replace(text, needle):
    if not text or not needle:
        return text
    lowered, target = text.lower(), needle.lower()
    out, start = [], 0
    while (index := lowered.find(target, start)) != -1:
        out.append(text[start:index])
        out.append("[erased]")
        start = index + len(needle)
    out.append(text[start:])
    return "".join(out)


@transaction.atomic
def erase_person(person, *, source, user=None):
    """Erase through the service, then leave an admin history entry naming no one."""
    from wagtail.models import ModelLogEntry

    pk = person.pk
    erase(person, source=source)
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(RegisteredUser),
        object_id=str(pk),
        label=ERASED_LABEL,
        action="wagtail.delete",
        user=user,
        data={"source": source},
        deleted=True,
        timestamp=timezone.now(),
    )


__all__ = ["erase_person"]
