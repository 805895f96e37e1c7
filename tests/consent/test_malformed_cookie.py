"""A consent cookie the site did not write never breaks a page."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from consent.models import ConsentRecord

pytestmark = pytest.mark.django_db

CONSENT_ID = "0123456789abcdef0123456789abcdef"
LONG_AGO = "1000"

MALFORMED = {
    "time_past_any_date": f"analytics=-1|_cid={CONSENT_ID}|_ts=99999999999999999999",
    "time_in_year_10000": f"analytics=-1|_cid={CONSENT_ID}|_ts=253402300800000",
    "negative_notice_version": f"analytics=-1|_cid={CONSENT_ID}|_ts={LONG_AGO}|_nv=-5",
    "huge_notice_version": (
        f"analytics=-1|_cid={CONSENT_ID}|_ts={LONG_AGO}|_nv=99999999999999999999999"
    ),
    "notice_version_past_postgresql_integer": (
        f"analytics=-1|_cid={CONSENT_ID}|_ts={LONG_AGO}|_nv=2147483648"
    ),
}


def deletes_consent_cookie(response):
    morsel = response.cookies.get(settings.COOKIE_CONSENT_NAME)
    return (
        morsel is not None
        and morsel.value == ""
        and (morsel["max-age"] == 0 or "1970" in morsel["expires"])
    )


@pytest.fixture
def known_consent_id(initial_data):
    """The cookies' consent ID belongs to a decision the ledger holds."""
    return ConsentRecord.objects.create(
        consent_id=CONSENT_ID,
        created_at=timezone.now() - datetime.timedelta(days=400),
        action="refuse",
        choices={"necessary": True, "analytics": False},
        source="banner",
    )


@pytest.mark.parametrize("path", ["/", "/cookies/", "/admin/login/"])
@pytest.mark.parametrize("value", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_consent_cookie_is_cleared_and_the_page_still_answers(
    known_consent_id, path, value
):
    client = Client(raise_request_exception=False)
    client.cookies[settings.COOKIE_CONSENT_NAME] = value
    response = client.get(path)
    assert response.status_code == 200
    assert deletes_consent_cookie(response)
    assert "private" in response["Cache-Control"]
    assert list(ConsentRecord.objects.values_list("action", flat=True)) == ["refuse"]
