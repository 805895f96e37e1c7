"""The browser reads the consent cookie exactly as the server does.

``static/js/consent-mode.js`` decides in the browser whether the visitor has
a valid choice (banner closed, Google's tag allowed); ``consent/state.py``
decides it on the server (the page's variant, the ledger). Both get the same
values at the same instant here, in real Chromium.
"""

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from consent import state as consent
from consent.catalogue import get_catalogue, get_rules
from tests.consent import strategies

CONSENT_ID = strategies.CONSENT_ID
# Anything the finding listed, and what the site itself writes.
KNOWN = [
    "",
    "garbage",
    f"analytics=-1|_cid={CONSENT_ID}|_ts=99999999999999999999",
    f"analytics=-1|_cid={CONSENT_ID}|_ts=253402300800000",
    f"analytics=-1|_cid={CONSENT_ID}|_ts=1000|_nv=-5",
    f"analytics=-1|_cid={CONSENT_ID}|_ts=1000|_nv=99999999999999999999999",
    f"analytics=-1|_cid={CONSENT_ID}|_ts=1000|_nv=2147483648",
    f"analytics=-1|_cid={CONSENT_ID}|_ts=9007199254740993",
    f"analytics=-1|_cid={CONSENT_ID}|_ts=1000|__proto__=1",
]


def browser_reads(page, value, now_ms):
    return page.evaluate(
        "([value, now]) => window.microscopeConsent.parseState(value, now)",
        [value, now_ms],
    )


def server_reads(value, catalogue, now):
    return consent.parse_state(value, rules=get_rules(), now=now)


def assert_agree(page, value, catalogue, now):
    server = server_reads(value, catalogue, now)
    browser = browser_reads(page, value, consent.to_millis(now))
    assert browser["valid"] == server.valid, value
    if server.valid:
        assert browser["groups"] == server.groups
        assert browser["consentId"] == server.consent_id
        assert browser["source"] == server.source
        assert browser["decidedAt"] == consent.to_millis(server.decided_at)


@pytest.fixture
def parity_page(page):
    page.goto("/")
    return page


def test_browser_and_server_agree_on_known_cookies(parity_page):
    catalogue = get_catalogue()
    now = strategies.instant_after(catalogue)
    for answer in ("-1", catalogue.group("analytics").get_version()):
        for age_days in (0, 1, 179, 180, 400):
            decided = consent.to_millis(now) - age_days * strategies.DAY_MS
            value = f"analytics={answer}|_cid={CONSENT_ID}|_ts={decided}|_nv=1"
            assert_agree(parity_page, value, catalogue, now)
            # The same pair twice is not what the site writes.
            assert_agree(parity_page, f"{value}|_nv=1", catalogue, now)
    for value in KNOWN:
        assert_agree(parity_page, value, catalogue, now)


examples = hypothesis_settings(max_examples=400, deadline=None, database=None)


def test_browser_and_server_agree_on_cookies_close_to_the_sites(parity_page):
    catalogue = get_catalogue()
    now = strategies.instant_after(catalogue)

    @examples
    @given(strategies.well_formed_cookies(catalogue, now))
    def check(value):
        assert_agree(parity_page, value, catalogue, now)

    check()


def test_browser_and_server_agree_on_any_cookie(parity_page):
    catalogue = get_catalogue()
    now = strategies.instant_after(catalogue)

    @examples
    @given(
        st.one_of(
            strategies.cookie_pairs(catalogue, now).map(strategies.cookie_text),
            st.text(max_size=100),
        )
    )
    def check(value):
        assert_agree(parity_page, value, catalogue, now)

    check()
