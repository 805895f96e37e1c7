"""Erasing a person: the places Wagtail keeps them, and the admin's history.

``services.erase`` runs the ``erase`` function of every model registered in
``home.personal_data``; the ones here cover what Wagtail keeps about a
record (history labels, revisions, search entries). Apps above ``people``
register their own (visits, requests, the newsletter outbox).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from home.personal_data import text_contains

from . import services
from .models import Person

ERASED_LABEL = "Erased registered user"


def _mentions(person):
    return [needle for needle in (person.email, person.full_name) if needle]


def erase_log_entries(person):
    """Wagtail's history: entries about the record, and any that name them."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    content_type = ContentType.objects.get_for_model(Person)
    ModelLogEntry.objects.filter(
        content_type=content_type, object_id=str(person.pk)
    ).update(label=ERASED_LABEL, data={})
    for model in (ModelLogEntry, PageLogEntry):
        for needle in _mentions(person):
            for field in ("label", "data"):
                text_contains(model.objects.all(), field, needle).update(
                    label=ERASED_LABEL, data={}
                )


def erase_revisions(person):
    from wagtail.models import Revision

    content_type = ContentType.objects.get_for_model(Person)
    Revision.objects.filter(
        base_content_type=content_type, object_id=str(person.pk)
    ).delete()


def erase_search_index(person):
    from wagtail.search.models import IndexEntry

    content_type = ContentType.objects.get_for_model(Person)
    IndexEntry.objects.filter(
        content_type=content_type, object_id=str(person.pk)
    ).delete()


@transaction.atomic
def erase_person(person, *, source, user=None):
    """Erase everywhere, then leave an admin history entry naming no one."""
    from wagtail.models import ModelLogEntry

    pk = person.pk
    services.erase(person, source=source)
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(pk),
        label=ERASED_LABEL,
        action="wagtail.delete",
        user=user,
        data={"source": source},
        deleted=True,
        timestamp=timezone.now(),
    )
