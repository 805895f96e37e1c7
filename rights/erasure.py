"""What erasure does to data-subject requests: kept as evidence, but nameless."""

from django.utils.translation import gettext

from home.personal_data import replace_mentions
from people.models import email_hash

from .models import DataSubjectRequest, RequestEvent


def pseudonymise_requests(person):
    """Requests prove how the law was followed: they stay, without the person."""
    requests = DataSubjectRequest.objects.of(person)
    needles = [needle for needle in (person.email, person.full_name) if needle]
    hashed = email_hash(person.email)
    for request in requests:
        request.full_name = gettext("Erased")
        request.email = f"{hashed[:32]}@erased.invalid"
        request.message = ""
        request.pseudonymised = True
        request.person = None
        request.answer = replace_mentions(request.answer, needles)
        request.extension_reason = replace_mentions(request.extension_reason, needles)
        request.save()
    for event in RequestEvent.objects.filter(request__in=requests):
        note = replace_mentions(event.note, needles)
        if note != event.note:
            RequestEvent.objects.filter(pk=event.pk).update(note=note)
