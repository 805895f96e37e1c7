import pytest


@pytest.fixture(autouse=True)
def analytics_on(settings):
    """The banner asks only about cookies the site can set: Google Analytics
    is configured in these tests unless one says otherwise."""
    settings.GOOGLE_ANALYTICS_ID = "G-TEST1234"
