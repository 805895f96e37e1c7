"""A fake Mailchimp Marketing API v3 on loopback, for tests and the bench."""

from .api import FakeMailchimp, subscriber_hash
from .server import API_KEY, FakeMailchimpServer

__all__ = ["API_KEY", "FakeMailchimp", "FakeMailchimpServer", "subscriber_hash"]
