"""Hypothesis strategies for consent cookie values, shared by the parser's
tests in Python and the test that the browser's parser agrees with it."""

import datetime

from hypothesis import strategies as st

from consent import state as consent

DAY_MS = 86_400_000
CONSENT_ID = "0123456789abcdef0123456789abcdef"


def cookie_text(pairs):
    return "|".join(f"{key}={value}" for key, value in pairs)


def numbers():
    return st.one_of(
        st.integers(min_value=-(10**25), max_value=10**25),
        st.integers(min_value=0, max_value=2**70),
    ).map(str)


def values(catalogue, now):
    """Values as the site writes them, near misses, and anything at all."""
    now_ms = consent.to_millis(now)
    versions = [group.get_version() for group in catalogue.optional_groups]
    return st.one_of(
        numbers(),
        st.text(max_size=40),
        st.sampled_from(["", "-1", "0", "+5", " 5", "5 ", "٣", "1e3", "0x1f"]),
        st.sampled_from([*versions, "9999-12-31T23:59:59.999999+00:00"]),
        st.sampled_from([CONSENT_ID, CONSENT_ID.upper(), "banner", "browser"]),
        st.text(alphabet="0123456789abcdef", min_size=31, max_size=33),
        st.integers(min_value=now_ms - 400 * DAY_MS, max_value=now_ms + 2 * DAY_MS).map(
            str
        ),
        st.sampled_from(["2147483647", "2147483648", "9999999999", "10000000000"]),
    )


def keys(catalogue):
    known = [group.varname for group in catalogue.groups]
    return st.one_of(
        st.sampled_from(["_cid", "_ts", "_nv", "_src", *known]),
        st.text(max_size=10),
    )


def cookie_pairs(catalogue, now):
    return st.lists(st.tuples(keys(catalogue), values(catalogue, now)), max_size=8)


def times(catalogue, now):
    """Decision times around every limit the parsers apply."""
    now_ms = consent.to_millis(now)
    lifetime_ms = consent.consent_lifetime() // consent.MILLISECOND
    reconsent_ms = consent.to_millis(catalogue.reconsent_after or now)
    limits = [
        now_ms + consent.CLOCK_SKEW_MS,
        now_ms - lifetime_ms,
        reconsent_ms,
    ]
    near_a_limit = st.sampled_from(limits).flatmap(
        lambda limit: st.integers(min_value=limit - 2, max_value=limit + 2)
    )
    between = st.integers(
        min_value=reconsent_ms - DAY_MS, max_value=now_ms + 2 * DAY_MS
    )
    return st.one_of(near_a_limit, between).map(str)


def mostly(good, bad):
    """``good`` three times in four. (``one_of`` would flatten a nested
    ``one_of`` and pick ``good`` only once per branch of ``bad``.)"""
    return st.integers(min_value=0, max_value=3).flatmap(
        lambda pick: bad if pick == 0 else good
    )


def well_formed_cookies(catalogue, now):
    """Cookies with every part the site writes, each right or nearly so."""
    optional = [group.varname for group in catalogue.optional_groups]
    answer = st.sampled_from(
        ["-1", *(group.get_version() for group in catalogue.optional_groups)]
    )
    anything = values(catalogue, now)
    return st.fixed_dictionaries(
        {
            **{varname: mostly(answer, anything) for varname in optional},
            "_cid": mostly(st.just(CONSENT_ID), anything),
            "_ts": mostly(times(catalogue, now), anything),
        },
        optional={
            "_nv": mostly(
                st.sampled_from(["1", "5", "2147483647", "2147483648"]), anything
            ),
            "_src": mostly(
                st.sampled_from(["banner", "preferences", "browser"]), anything
            ),
        },
    ).map(lambda pairs: cookie_text(pairs.items()))


def instant_after(catalogue, days=181):
    """An instant late enough that a decision can be older than its lifetime
    without predating the catalogue."""
    base = catalogue.reconsent_after or datetime.datetime.now(tz=datetime.UTC)
    return consent.from_millis(consent.to_millis(base + datetime.timedelta(days=days)))
