"""Models of the personal-data domain; each concept lives in its own module."""

from privacy.notice.models import NoticeVersion, PrivacyNoticePage
from privacy.notice.workflow import NoticeApprovalTask, NoticeApprovalTaskState

__all__ = [
    "NoticeApprovalTask",
    "NoticeApprovalTaskState",
    "NoticeVersion",
    "PrivacyNoticePage",
]
