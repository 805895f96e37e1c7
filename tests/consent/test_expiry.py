"""An expired choice is logged once, and only for a consent ID the ledger knows."""

import datetime
import secrets

import pytest
import time_machine
from django.conf import settings
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from consent.models import ConsentRecord

pytestmark = pytest.mark.django_db


def expired_cookie(consent_id):
    return f"analytics=-1|_cid={consent_id}|_ts=1000"


def test_expired_cookies_with_unknown_consent_ids_write_no_ledger_row(initial_data):
    for _ in range(50):
        client = Client()
        client.cookies[settings.COOKIE_CONSENT_NAME] = expired_cookie(
            secrets.token_hex(16)
        )
        response = client.get("/")
        assert response.status_code == 200
        # The cookie is still deleted: the choice it claims is over.
        assert response.cookies[settings.COOKIE_CONSENT_NAME].value == ""
    assert not ConsentRecord.objects.exists()


def test_an_expired_choice_is_logged_once_however_often_its_cookie_returns(
    client, initial_data
):
    start = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        client.post("/cookies/", {"action": "accept", "source": "banner"})
    old_cookie = client.cookies[settings.COOKIE_CONSENT_NAME].value
    decision = ConsentRecord.objects.get()
    with time_machine.travel(start + datetime.timedelta(days=200), tick=False):
        for _ in range(50):
            replay = Client()
            replay.cookies[settings.COOKIE_CONSENT_NAME] = old_cookie
            assert replay.get("/").status_code == 200
    expiry = ConsentRecord.objects.get(action="expired")
    assert expiry.consent_id == decision.consent_id
    assert expiry.ends == decision
    assert ConsentRecord.objects.count() == 2


def test_a_later_decision_can_expire_in_its_turn(client, initial_data):
    start = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        client.post("/cookies/", {"action": "accept", "source": "banner"})
    first_cookie = client.cookies[settings.COOKIE_CONSENT_NAME].value
    later = start + datetime.timedelta(days=200)
    with time_machine.travel(later, tick=False):
        # The expired cookie is still sent with the new choice: its expiry
        # comes first, then the new decision under the same consent ID.
        client.cookies[settings.COOKIE_CONSENT_NAME] = first_cookie
        client.post("/cookies/", {"action": "refuse", "source": "banner"})
    with time_machine.travel(later + datetime.timedelta(days=200), tick=False):
        client.get("/")
        client.get("/")
    actions = list(
        ConsentRecord.objects.order_by("created_at", "pk").values_list(
            "action", flat=True
        )
    )
    assert actions == ["accept", "expired", "refuse", "expired"]
    assert len(set(ConsentRecord.objects.values_list("consent_id", flat=True))) == 1


def test_the_database_refuses_a_second_expiry_of_one_decision(initial_data):
    decision = ConsentRecord.objects.create(
        consent_id="a" * 32, action="accept", source="banner"
    )
    ConsentRecord.objects.create(
        consent_id="a" * 32, action="expired", source="server", ends=decision
    )
    with pytest.raises(IntegrityError):
        ConsentRecord.objects.create(
            consent_id="a" * 32, action="expired", source="server", ends=decision
        )
