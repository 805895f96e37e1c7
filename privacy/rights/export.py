"""Everything held about a person, as JSON and as CSV (GDPR arts. 15 and 20)."""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

from privacy.people.models import RECORD_FIELDS, ConsentEvent
from privacy.visits import buffer
from privacy.visits.models import Visit

from .models import DataSubjectRequest


def person_data(person):
    """A plain dict of every row the site holds about ``person``."""
    # Buffered page views count too: write them first.
    buffer.flush()
    record = {"public_id": str(person.public_id)}
    for name in RECORD_FIELDS:
        value = getattr(person, name)
        record[name] = value.code if name == "country" else value
    consents = [
        {
            "purpose": event.purpose,
            "action": event.action,
            "occurred_at": event.occurred_at,
            "source": event.source,
            "notice_version": event.notice_version,
        }
        for event in ConsentEvent.objects.filter(subject=person.public_id).order_by(
            "occurred_at", "pk"
        )
    ]
    visits = [
        {
            "at": visit.at,
            "ip": visit.ip,
            "path": visit.path,
            "os_family": visit.os_family,
            "browser_family": visit.browser_family,
        }
        for visit in Visit.objects.filter(person=person.public_id).order_by("at")
    ]
    requests = [
        {
            "received_at": request.received_at,
            "kind": request.kind,
            "message": request.message,
            "status": request.status,
            "due_at": request.due_at,
            "closed_at": request.closed_at,
        }
        for request in DataSubjectRequest.objects.filter(
            Q(person=person) | Q(email__iexact=person.email)
        )
    ]
    return {
        "exported_at": timezone.now(),
        "registered_user": record,
        "consent_history": consents,
        "visits": visits,
        "data_subject_requests": requests,
    }


def as_json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def as_csv(data):
    """One row per value: section, item number, field, value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "item", "field", "value"])
    encoder = DjangoJSONEncoder()

    def text(value):
        if value is None:
            return ""
        if isinstance(value, str | bool | int):
            value = str(value)
        else:
            value = encoder.default(value)
        # A spreadsheet would run a cell starting with these as a formula.
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            value = "'" + value
        return value

    for field, value in data["registered_user"].items():
        writer.writerow(["registered_user", 1, field, text(value)])
    for section in ("consent_history", "visits", "data_subject_requests"):
        for number, row in enumerate(data[section], start=1):
            for field, value in row.items():
                writer.writerow([section, number, field, text(value)])
    return out.getvalue()
