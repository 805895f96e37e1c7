"""Models of the personal-data domain; each concept lives in its own module."""

from privacy.cookies.models import ConsentRecord, ConsentText, CookieDetails
from privacy.notice.models import NoticeVersion, PrivacyNoticePage
from privacy.notice.workflow import NoticeApprovalTask, NoticeApprovalTaskState
from privacy.people.models import ConsentEvent, RegisteredUser
from privacy.retention.models import RetentionSettings
from privacy.rights.models import (
    AccessLink,
    DataSubjectRequest,
    RequestEvent,
)
from privacy.visits.models import AggregatedDay, DailyVisits, Visit

__all__ = [
    "AccessLink",
    "AggregatedDay",
    "ConsentEvent",
    "ConsentRecord",
    "ConsentText",
    "CookieDetails",
    "DailyVisits",
    "DataSubjectRequest",
    "NoticeApprovalTask",
    "NoticeApprovalTaskState",
    "NoticeVersion",
    "PrivacyNoticePage",
    "RegisteredUser",
    "RequestEvent",
    "RetentionSettings",
    "Visit",
]
