"""How data-subject requests and "Manage my data" links are kept and erased.

Registered in ``home.personal_data`` by ``RightsConfig.ready``.
"""

import datetime

from django.db.models import Q

from home import personal_data
from retention.models import RetentionSettings, add_months

from .erasure import pseudonymise_requests
from .models import (
    AccessLink,
    DataSubjectRequest,
    NoticeChangeDelivery,
)

# Used or expired links are kept a day, for the person who clicks twice.
LINK_KEEP = datetime.timedelta(days=1)


def export_requests(person):
    return [
        {
            "received_at": request.received_at,
            "kind": request.kind,
            "message": request.message,
            "status": request.status,
            "due_at": request.due_at,
            "closed_at": request.closed_at,
        }
        for request in DataSubjectRequest.objects.of(person)
    ]


def purge_requests(*, now, dry_run):
    cutoff = add_months(now, -RetentionSettings.current().request_evidence_months)
    old_requests = DataSubjectRequest.objects.closed().filter(closed_at__lt=cutoff)
    count = old_requests.count()
    if not dry_run:
        old_requests.delete()
    return {"closed data-subject requests": count}


def purge_links(*, now, dry_run):
    stale_links = AccessLink.objects.filter(
        Q(expires_at__lt=now - LINK_KEEP) | Q(used_at__lt=now - LINK_KEEP)
    )
    count = stale_links.count()
    if not dry_run:
        stale_links.delete()
    return {"expired or used “Manage my data” links": count}


def export_notice_emails(person):
    return [
        {
            "notice_version": row.mailing.version.number,
            "notice_language": row.mailing.language,
            "status": row.status,
            "sent_at": row.sent_at,
        }
        for row in NoticeChangeDelivery.objects.filter(person=person).select_related(
            "mailing__version"
        )
    ]


def register():
    personal_data.register(
        "rights.AccessLink",
        "“Manage my data” links (tied to a registered user)",
        kept="a day after they expire or are used",
        erasure="deleted with the person's record (cascade)",
        purge=purge_links,
    )
    personal_data.register(
        "rights.DataSubjectRequest",
        "Data-subject requests and their requesters",
        retention="request_evidence",
        erase=pseudonymise_requests,
        export=export_requests,
        section="data_subject_requests",
        purge=purge_requests,
    )
    personal_data.register(
        "rights.RequestEvent",
        "Audit trail of data-subject requests",
        retention="request_evidence",
        erasure="its notes lose the person's name and address with the request",
    )
    personal_data.register(
        "rights.NoticeChangeDelivery",
        "Who was emailed about a material change of the privacy notice",
        kept="as long as the person's record: proof they were told",
        erasure="deleted with the person's record (cascade); the mailing keeps "
        "only its counts",
        export=export_notice_emails,
        section="notice_change_emails",
    )
