"""Client addresses behind declared proxies: per-client limits, no shared lock-out."""

import pytest
from django.test import RequestFactory

from config.settings.base import proxy_settings
from home.throttle import client_ip
from visits import buffer

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def behind_proxies(settings, count):
    for name, value in proxy_settings(count).items():
        setattr(settings, name, value)


def request_from(forwarded=None, remote=PROXY):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def client_address(number):
    """A public address per client number (81.2.x.y is globally routable)."""
    return f"81.2.{number // 250}.{number % 250 + 1}"


def test_without_a_declared_proxy_the_header_is_never_read(settings):
    behind_proxies(settings, 0)
    assert client_ip(request_from("81.2.69.160")) == PROXY


def test_one_proxy_takes_the_address_it_appended(settings):
    behind_proxies(settings, 1)
    assert client_ip(request_from("81.2.69.160")) == "81.2.69.160"
    # Whatever the client wrote itself stands further left and is ignored.
    assert client_ip(request_from("1.1.1.1, 81.2.69.160")) == "81.2.69.160"
    assert client_ip(request_from("garbage, 81.2.69.160")) == "81.2.69.160"


def test_two_proxies_take_the_second_entry_from_the_right(settings):
    behind_proxies(settings, 2)
    forwarded = "1.1.1.1, 81.2.69.160, 203.0.113.7"
    assert client_ip(request_from(forwarded, remote="10.0.0.3")) == "81.2.69.160"


def test_a_missing_or_broken_header_falls_back_to_the_connection(settings):
    behind_proxies(settings, 1)
    assert client_ip(request_from(None)) == PROXY
    assert client_ip(request_from("not an address")) == PROXY


def test_a_negative_count_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        proxy_settings(-1)


def test_200_clients_behind_one_proxy_each_have_their_own_limit(
    client, settings, initial_data
):
    """Per-address limits count per client, not for the proxy."""
    behind_proxies(settings, 1)
    settings.FORM_RATES = {**settings.FORM_RATES, "my_data": (None, 1, 3600)}
    for number in range(200):
        response = client.post(
            "/my-data/",
            {"email": f"person{number}@example.org"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=client_address(number),
        )
        assert response.status_code == 302, number
    again = client.post(
        "/my-data/",
        {"email": "person0@example.org"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address(0),
    )
    assert again.status_code == 429


def test_the_visitor_log_records_the_client_not_the_proxy(
    client, settings, initial_data
):
    from visits.models import Visit

    behind_proxies(settings, 1)
    client.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="9.9.9.9, 81.2.69.160")
    buffer.flush()
    assert list(Visit.objects.values_list("ip", flat=True)) == ["81.2.69.160"]


def test_a_lock_out_of_one_address_does_not_lock_the_account_elsewhere(
    client, settings, django_user_model
):
    behind_proxies(settings, 1)
    django_user_model.objects.create_user(
        "dpo-person", password="a-long-good-password", is_staff=True, is_superuser=True
    )
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "81.2.69.160"}
    owner = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "81.2.70.10"}
    for _ in range(6):
        client.post(
            "/admin/login/",
            {"username": "dpo-person", "password": "wrong"},
            **attacker,
        )
    locked = client.post(
        "/admin/login/",
        {"username": "dpo-person", "password": "a-long-good-password"},
        **attacker,
    )
    assert locked.status_code in (403, 429)
    response = client.post(
        "/admin/login/",
        {"username": "dpo-person", "password": "a-long-good-password"},
        **owner,
    )
    assert response.status_code == 302
    assert "/admin/login/" not in response["Location"]
