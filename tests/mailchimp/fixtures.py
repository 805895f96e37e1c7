import pytest

from .server import API_KEY, FakeMailchimpServer

WEBHOOK_SECRET = "webhook-secret-for-tests"


@pytest.fixture
def fake_mailchimp(settings):
    """A running fake Mailchimp the site is configured to use."""
    server = FakeMailchimpServer().start()
    settings.MAILCHIMP_API_KEY = API_KEY
    settings.MAILCHIMP_AUDIENCE_ID = "list0001"
    settings.MAILCHIMP_API_ROOT = server.api_root
    settings.MAILCHIMP_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.NEWSLETTER = {
        "TIMEOUT": 2,
        "RETRIES": 2,
        "BACKOFF": 0.01,
        "MAX_BACKOFF": 0.05,
        "BATCH_POLL": 0.02,
        "BATCH_THRESHOLD": 50,
    }
    yield server
    server.stop()
