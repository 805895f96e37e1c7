"""Models of the personal-data domain; each concept lives in its own module."""

from privacy.cookies.models import ConsentRecord, ConsentText, CookieDetails
from privacy.notice.models import NoticeVersion, PrivacyNoticePage

__all__ = [
    "ConsentRecord",
    "ConsentText",
    "CookieDetails",
    "NoticeVersion",
    "PrivacyNoticePage",
]
