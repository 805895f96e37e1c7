"""The Mailchimp gateway against a real HTTP server speaking Mailchimp's API."""

import hashlib
import logging
import threading

import pytest
import requests

from newsletter.gateway import Gateway, MailchimpError, subscriber_hash
from tests.mailchimp import API_KEY

EMAIL = "Ada.Lovelace@Example.org"
HASH = subscriber_hash(EMAIL)


@pytest.fixture
def gateway(fake_mailchimp):
    gateway = Gateway()
    yield gateway
    gateway.close()


def upsert(gateway, email=EMAIL, status="subscribed"):
    return gateway.upsert_member(
        subscriber_hash(email), email=email, status=status, merge_fields={"FNAME": "A"}
    )


def test_subscriber_hash_is_md5_of_the_lower_cased_address():
    expected = hashlib.md5(b"ada.lovelace@example.org").hexdigest()  # noqa: S324
    assert HASH == expected
    assert HASH == subscriber_hash(" ada.lovelace@example.org ")


def test_the_api_root_comes_from_the_setting(fake_mailchimp, gateway):
    assert gateway.client.base_url == fake_mailchimp.api_root
    assert gateway.ping()["health_status"] == "Everything's Chimpy!"


def test_upsert_is_idempotent_and_keyed_by_the_subscriber_hash(fake_mailchimp, gateway):
    upsert(gateway)
    upsert(gateway)
    audience = fake_mailchimp.state.audience()
    assert list(audience.members) == [HASH]
    assert audience.creations == {HASH: 1}
    assert audience.members[HASH]["status"] == "subscribed"


def test_one_connection_is_reused_for_many_calls(fake_mailchimp, gateway):
    for _ in range(5):
        gateway.ping()
    assert fake_mailchimp.connections == 1


@pytest.mark.parametrize("status", [500, 503, 429])
def test_server_errors_and_throttling_are_retried(fake_mailchimp, gateway, status):
    fake_mailchimp.fail_next(2, status=status)
    upsert(gateway)
    assert gateway.calls == 3
    assert fake_mailchimp.member(EMAIL)["status"] == "subscribed"


def test_dropped_connections_are_retried(fake_mailchimp, gateway):
    fake_mailchimp.drop_next(1)
    upsert(gateway)
    assert fake_mailchimp.member(EMAIL) is not None


def test_retries_stop_and_the_error_is_transient(fake_mailchimp, gateway):
    fake_mailchimp.fail_next(10, status=500)
    with pytest.raises(MailchimpError) as raised:
        upsert(gateway)
    assert raised.value.transient
    assert raised.value.status == 500
    assert gateway.calls == gateway.retries + 1


def test_every_call_has_a_timeout(fake_mailchimp, settings):
    gateway = Gateway(timeout=0.2, retries=1)
    fake_mailchimp.delay = 1.0
    with pytest.raises(MailchimpError) as raised:
        gateway.ping()
    assert raised.value.transient
    assert "Timeout" in str(raised.value)


def test_a_server_that_is_down_is_a_transient_error(fake_mailchimp, gateway):
    fake_mailchimp.down()
    with pytest.raises(MailchimpError) as raised:
        gateway.ping()
    assert raised.value.transient
    fake_mailchimp.up()
    assert gateway.ping()


def test_compliance_state_is_permanent_and_not_retried(fake_mailchimp, gateway):
    fake_mailchimp.state.set_member(EMAIL, "unsubscribed")
    with pytest.raises(MailchimpError) as raised:
        upsert(gateway)
    assert not raised.value.transient
    assert raised.value.title == "Member In Compliance State"
    assert gateway.calls == 1
    # The detail quoted the address; the error keeps it out.
    assert "@" not in str(raised.value)


def test_a_permanently_deleted_address_cannot_be_added_again(fake_mailchimp, gateway):
    upsert(gateway)
    gateway.delete_member_permanently(HASH)
    with pytest.raises(MailchimpError) as raised:
        upsert(gateway)
    assert raised.value.title == "Forgotten Email Not Subscribed"
    assert not raised.value.transient


def test_an_invalid_address_is_a_permanent_error(fake_mailchimp, gateway):
    with pytest.raises(MailchimpError) as raised:
        upsert(gateway, email="not-an-address")
    assert not raised.value.transient
    assert gateway.calls == 1


def test_sending_a_campaign_is_not_retried_after_a_timeout(fake_mailchimp):
    gateway = Gateway(timeout=0.3, retries=3, backoff=0.01)
    fake_mailchimp.delay = 0.6
    with pytest.raises(MailchimpError):
        gateway.send_campaign("abc")
    fake_mailchimp.delay = 0
    assert fake_mailchimp.state.call_count("POST", "actions/send") == 1


def test_pages_through_every_audience(fake_mailchimp, gateway):
    for index in range(4):
        fake_mailchimp.state.add_audience(f"extra{index}", f"Extra {index}")
    lists = gateway._all_pages("lists", gateway.client.lists.all, page_size=2)
    assert len(lists) == 5
    assert fake_mailchimp.state.call_count("GET", "/lists") == 3


def test_pages_through_the_members(fake_mailchimp, gateway):
    for index in range(25):
        fake_mailchimp.state.set_member(f"p{index}@example.org", "subscribed")
    pages = list(gateway.iter_member_pages(page_size=10))
    assert [len(page) for page in pages] == [10, 10, 5]
    assert set(pages[0][0]) == {"id", "email_address", "status", "merge_fields"}


def test_more_than_ten_concurrent_connections_are_throttled_then_retried(
    fake_mailchimp,
):
    fake_mailchimp.delay = 0.2
    gateway = Gateway(retries=6, backoff=0.05)
    errors = []

    def work(i):
        try:
            upsert(gateway, email=f"c{i}@example.org")
        except MailchimpError as error:  # pragma: no cover - shown on failure
            errors.append(error)

    # A raw client beside the gateway's pool pushes the server past its limit.
    raw = [
        threading.Thread(
            target=requests.get,
            args=(fake_mailchimp.api_root + "ping",),
            kwargs={"auth": ("x", API_KEY)},
        )
        for _ in range(6)
    ]
    threads = [threading.Thread(target=work, args=(i,)) for i in range(10)]
    for thread in raw + threads:
        thread.start()
    for thread in raw + threads:
        thread.join()
    assert fake_mailchimp.throttled > 0
    assert errors == []
    assert len(fake_mailchimp.state.audience().members) == 10


def test_no_address_reaches_the_logs(fake_mailchimp, gateway, caplog):
    caplog.set_level(logging.INFO)
    fake_mailchimp.fail_next(1, status=500)
    upsert(gateway)
    fake_mailchimp.state.audience().members[HASH]["status"] = "unsubscribed"
    with pytest.raises(MailchimpError):
        upsert(gateway)
    text = caplog.text.lower()
    assert "failed" in text
    assert EMAIL.lower() not in text
    assert HASH not in text
