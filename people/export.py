"""Everything held about a person, as JSON and as CSV (GDPR arts. 15 and 20).

The record and its consent history come from here; every other section
comes from the models registered in ``home.personal_data`` with an
``export`` function (visits, data-subject requests...).
"""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from home import personal_data
from home.exports import spreadsheet_safe

from .models import RECORD_FIELDS, ConsentEvent

RECORD_SECTION = "registered_user"


def record_of(person):
    record = {"public_id": str(person.public_id)}
    for name in RECORD_FIELDS:
        value = getattr(person, name)
        record[name] = value.code if name == "country" else value
    return record


def consent_history(person):
    return [
        {
            "purpose": event.purpose,
            "action": event.action,
            "occurred_at": event.occurred_at,
            "source": event.source,
            "notice_version": event.notice_version,
        }
        for event in ConsentEvent.objects.filter(
            person_public_id=person.public_id
        ).order_by("occurred_at", "pk")
    ]


def person_data(person):
    """A plain dict of every row the site holds about ``person``."""
    data = {"exported_at": timezone.now(), RECORD_SECTION: record_of(person)}
    for entry in personal_data.entries():
        if entry.export is not None:
            data[entry.section] = entry.export(person)
    return data


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
        return spreadsheet_safe(value)

    for field, value in data[RECORD_SECTION].items():
        writer.writerow([RECORD_SECTION, 1, field, text(value)])
    for section, rows in data.items():
        if not isinstance(rows, list):
            continue
        for number, row in enumerate(rows, start=1):
            for field, value in row.items():
                writer.writerow([section, number, field, text(value)])
    return out.getvalue()
