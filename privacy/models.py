"""Models of the personal-data domain; each concept lives in its own module."""

from privacy.notice.models import NoticeVersion, PrivacyNoticePage

__all__ = ["NoticeVersion", "PrivacyNoticePage"]
