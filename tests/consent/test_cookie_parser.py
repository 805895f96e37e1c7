"""The consent cookie parser never raises and never returns an insane state."""

import datetime

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from consent import state as consent
from consent.catalogue import get_catalogue, get_rules
from tests.consent import strategies

pytestmark = pytest.mark.django_db

# A fixed instant after the catalogue's declarations were created.
NOW = timezone.now() + datetime.timedelta(days=1)
STATUSES = {
    consent.STATUS_NONE,
    consent.STATUS_VALID,
    consent.STATUS_EXPIRED,
    consent.STATUS_STALE,
    consent.STATUS_INVALID,
}
# No wall-clock deadline, and no example database written into the checkout.
examples = hypothesis_settings(max_examples=300, deadline=None, database=None)


def assert_sane(state, catalogue, now=NOW):
    assert state.status in STATUSES
    if state.status in (consent.STATUS_NONE, consent.STATUS_INVALID):
        assert not state.valid and not state.any_accepted
    if state.invalid:
        assert state == consent.ConsentState(status=consent.STATUS_INVALID)
        return
    if state.consent_id:
        assert consent.CONSENT_ID_RE.fullmatch(state.consent_id)
    if state.decided_at is not None:
        assert consent.EPOCH < state.decided_at
        assert state.decided_at <= now + datetime.timedelta(days=1)
        assert state.expires_at > state.decided_at
    if state.notice_version is not None:
        assert 1 <= state.notice_version <= 2_147_483_647
    assert state.source in ("", "banner", "preferences", "browser")
    assert all(isinstance(accepted, bool) for accepted in state.groups.values())
    optional = {group.varname for group in catalogue.optional_groups}
    assert set(state.groups) <= optional
    if state.valid:
        assert set(state.groups) == optional
        assert state.consent_id and state.decided_at is not None


def test_any_string_gives_a_sane_state(initial_data):
    catalogue = get_catalogue()

    @examples
    @given(st.text(max_size=300))
    def check(value):
        assert_sane(consent.parse_state(value, rules=get_rules(), now=NOW), catalogue)

    check()


def test_any_pairs_in_the_cookie_format_give_a_sane_state(initial_data, rf):
    catalogue = get_catalogue()

    @examples
    @given(strategies.cookie_pairs(catalogue, NOW))
    def check(pairs):
        request = RequestFactory().get("/")
        request.COOKIES[settings.COOKIE_CONSENT_NAME] = strategies.cookie_text(pairs)
        assert_sane(consent.read_state(request, now=NOW), catalogue)

    check()


def test_cookies_close_to_what_the_site_writes_give_a_sane_state(initial_data):
    catalogue = get_catalogue()

    @examples
    @given(strategies.well_formed_cookies(catalogue, NOW))
    def check(value):
        assert_sane(consent.parse_state(value, rules=get_rules(), now=NOW), catalogue)

    check()


def test_what_the_site_writes_it_reads_back(initial_data):
    catalogue = get_catalogue()
    optional = [group.varname for group in catalogue.optional_groups]
    # Any time since the last declaration or material change, up to now.
    oldest = consent.to_millis(NOW) - consent.to_millis(catalogue.reconsent_after)

    @examples
    @given(
        st.fixed_dictionaries({varname: st.booleans() for varname in optional}),
        st.integers(min_value=0, max_value=oldest),
        st.one_of(st.none(), st.integers(min_value=1, max_value=2_147_483_647)),
        st.sampled_from(["banner", "preferences", "browser"]),
    )
    def check(groups, age_ms, notice_version, source):
        decided_at = NOW - datetime.timedelta(milliseconds=age_ms)
        response = HttpResponse()
        consent_id = consent.new_consent_id()
        consent.write_state(
            response,
            consent_id=consent_id,
            groups=groups,
            decided_at=decided_at,
            notice_version=notice_version,
            source=source,
        )
        value = response.cookies[settings.COOKIE_CONSENT_NAME].value
        state = consent.parse_state(value, rules=get_rules(), now=NOW)
        assert state.valid
        assert state.groups == groups
        assert (state.consent_id, state.notice_version, state.source) == (
            consent_id,
            notice_version,
            source,
        )
        assert consent.to_millis(state.decided_at) == consent.to_millis(decided_at)

    check()


@pytest.mark.parametrize(
    "value",
    [
        "analytics=-1|_ts=1000",  # no consent ID
        "analytics=-1|_cid=0123456789ABCDEF0123456789ABCDEF|_ts=1000",
        "analytics=-1|_cid=0123456789abcdef0123456789abcdef|_ts=1000|_ts=2000",
        "analytics=-1|_cid=0123456789abcdef0123456789abcdef|_ts=1000|junk",
        "analytics=yes|_cid=0123456789abcdef0123456789abcdef|_ts=1000",
        "analytics=-1|_cid=0123456789abcdef0123456789abcdef|_ts=1000|_src=evil",
        "analytics=-1|_cid=0123456789abcdef0123456789abcdef|_ts=1000|_nv=0",
        "analytics=-1|_cid=0123456789abcdef0123456789abcdef|_ts=0",
        "analytics=-1|_cid=0123456789abcdef0123456789abcdef|_ts=1000\n",
    ],
)
def test_a_value_the_site_never_writes_is_invalid(initial_data, value):
    state = consent.parse_state(value, now=NOW)
    assert state.status == consent.STATUS_INVALID


def test_a_decision_dated_more_than_a_day_ahead_is_invalid(initial_data):
    def at(moment):
        return (
            "analytics=-1|_cid=0123456789abcdef0123456789abcdef"
            f"|_ts={consent.to_millis(moment)}"
        )

    an_hour_ahead = consent.parse_state(at(NOW + datetime.timedelta(hours=1)), now=NOW)
    assert an_hour_ahead.valid
    two_days_ahead = consent.parse_state(at(NOW + datetime.timedelta(days=2)), now=NOW)
    assert two_days_ahead.invalid


def test_an_empty_cookie_is_no_decision_and_not_invalid(initial_data):
    assert consent.parse_state("", now=NOW).status == consent.STATUS_NONE
