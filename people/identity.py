"""Who the visitor has proved to be, kept briefly in their session.

A person proves who they are by following a link sent to the address on
file (a "Manage my data" link or the sign-up confirmation). The session then
holds only their random public id, never the address.
"""

import time

from django.conf import settings

from people.activity import MY_DATA, record_activity
from people.models import Person

SESSION_KEY = "people.person"


def remember(request, person):
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "id": str(person.public_id),
        "until": time.time() + settings.MY_DATA_SESSION_SECONDS,
        "restricted": person.processing_restricted,
    }
    record_activity(person, MY_DATA, language=getattr(request, "LANGUAGE_CODE", None))


def update_flags(request, person):
    data = request.session.get(SESSION_KEY)
    if data and data.get("id") == str(person.public_id):
        data["restricted"] = person.processing_restricted
        request.session[SESSION_KEY] = data


def forget(request):
    request.session.pop(SESSION_KEY, None)


def session_identity(request):
    """The session's (public id, restricted) while valid, else None; no query."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    data = session.get(SESSION_KEY)
    if not data or data.get("until", 0) < time.time():
        return None
    return data["id"], data.get("restricted", False)


def current_person(request):
    identity = session_identity(request)
    if identity is None:
        return None
    person = Person.objects.filter(public_id=identity[0]).first()
    if person is None:
        forget(request)
    return person
