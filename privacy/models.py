"""Models of the personal-data domain; each concept lives in its own module."""

from privacy.notice.models import NoticeVersion, PrivacyNoticePage
from privacy.people.models import ConsentEvent, RegisteredUser

__all__ = ["ConsentEvent", "NoticeVersion", "PrivacyNoticePage", "RegisteredUser"]
