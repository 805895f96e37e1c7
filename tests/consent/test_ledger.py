"""The consent ledger: what each row proves, and its pruning."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from consent import ledger
from consent.models import ConsentRecord, ConsentText
from home import personal_data
from notice.models import NoticeVersion, PrivacyNoticePage

pytestmark = pytest.mark.django_db


def english_version(number, age):
    """A version of the English notice in force since ``age`` ago."""
    notice = PrivacyNoticePage.objects.get(locale__language_code="en")
    return NoticeVersion.objects.create(
        page=notice,
        number=number,
        effective_at=timezone.now() - age,
        revision=notice.latest_revision,
        sha256=str(number) * 64,
    )


def test_each_decision_writes_one_row_with_the_proof(client, initial_data):
    english_version(3, datetime.timedelta(days=1))
    before = timezone.now()
    client.post("/cookies/", {"action": "accept", "source": "banner"})
    row = ConsentRecord.objects.get()
    assert len(row.consent_id) == 32 and int(row.consent_id, 16) >= 0
    assert before <= row.created_at <= timezone.now()
    assert row.action == "accept"
    assert row.choices == {"necessary": True, "analytics": True}
    assert row.notice_version == 3
    assert row.source == "banner" and row.language == "en"
    # The hash names the exact banner text, kept beside the ledger.
    assert row.text.sha256 == ConsentText.digest(row.text.text)
    assert "Accept all" in row.text.text and "Refuse all" in row.text.text
    assert row.text.text == ledger.shown_text("banner", "en")


def test_ledger_holds_no_ip_address(client, initial_data):
    client.post("/cookies/", {"action": "refuse"}, REMOTE_ADDR="203.0.113.7")
    fields = {f.name for f in ConsentRecord._meta.get_fields()}
    assert not {"ip", "ip_address", "user_agent"} & fields
    row = ConsentRecord.objects.values().get()
    assert "203.0.113.7" not in str(row)
    assert "consent.ConsentRecord" in personal_data.labels()


def test_notice_version_is_the_version_in_force(client, initial_data):
    client.post("/cookies/", {"action": "refuse"})
    in_force = NoticeVersion.objects.in_force("en")
    assert in_force.number == 1
    assert ConsentRecord.objects.get().notice_version == in_force.number


def test_french_banner_text_has_its_own_hash(client, initial_data):
    client.post("/cookies/", {"action": "refuse", "source": "banner"})
    client.post("/fr/cookies/", {"action": "refuse", "source": "banner"})
    english, french = ConsentRecord.objects.order_by("pk")
    assert french.language == "fr"
    assert english.text_id != french.text_id
    assert "Tout refuser" in french.text.text


def test_same_visitor_keeps_one_consent_id_across_decisions(client, initial_data):
    for action in ("accept", "refuse", "accept"):
        client.post("/cookies/", {"action": action, "source": "preferences"})
    rows = ConsentRecord.objects.order_by("pk")
    assert [r.action for r in rows] == ["accept", "withdraw", "accept"]
    assert len({r.consent_id for r in rows}) == 1
    other = ConsentRecord.objects.none()
    assert not other.exists()


@override_settings(COOKIE_CONSENT_LEDGER_RETENTION_DAYS=30)
def test_prune_deletes_only_rows_past_the_retention_period(client, initial_data):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post("/cookies/", {"action": "accept", "source": "banner"})
    with time_machine.travel(start + datetime.timedelta(days=20), tick=False):
        client.post("/cookies/", {"action": "refuse", "source": "preferences"})
    with time_machine.travel(start + datetime.timedelta(days=31), tick=False):
        assert ledger.prune_consent_ledger() == 1
        assert list(ConsentRecord.objects.values_list("action", flat=True)) == [
            "withdraw"
        ]
        # The banner text no row points at any more goes too.
        assert ConsentText.objects.count() == 1
        out = io.StringIO()
        call_command("prune_consent_ledger", stdout=out)
        assert "Deleted 0 consent ledger rows older than 30 days." in out.getvalue()
    with time_machine.travel(start + datetime.timedelta(days=51), tick=False):
        call_command("prune_consent_ledger", stdout=io.StringIO())
        assert not ConsentRecord.objects.exists()


def test_default_retention_is_five_years():
    from django.conf import settings

    assert settings.COOKIE_CONSENT_LEDGER_RETENTION_DAYS == 5 * 365 + 1


def test_a_decision_reads_the_catalogue_from_the_shared_cache_once_a_second(
    client, initial_data, monkeypatch
):
    """The catalogue is read several times per decision; the process keeps
    its copy for a second, so a burst of decisions costs one shared read."""
    from django.core.cache import cache

    from consent import catalogue

    reads = []
    original = cache.get

    def counting(key, *args, **kwargs):
        if key == catalogue.CACHE_KEY:
            reads.append(key)
        return original(key, *args, **kwargs)

    client.get("/privacy/")
    catalogue.forget_local_rules()
    monkeypatch.setattr(cache, "get", counting)
    for action in ("accept", "refuse", "accept"):
        client.post("/cookies/", {"action": action, "source": "banner"})
    assert ConsentRecord.objects.count() == 3
    assert len(reads) == 1


def test_a_group_changed_in_another_process_shows_within_a_second(
    client, initial_data, monkeypatch
):
    from cookie_consent.models import CookieGroup
    from django.core.cache import cache

    from consent import catalogue

    now = [1000.0]
    monkeypatch.setattr(catalogue.time, "monotonic", lambda: now[0])
    client.post("/cookies/", {"action": "accept", "source": "banner"})
    # Another process saves a new description: its signal empties the shared
    # cache, not this process's copy.
    CookieGroup.objects.filter(varname="analytics").update(
        description="Counts visits, renamed elsewhere."
    )
    cache.delete(catalogue.CACHE_KEY)
    now[0] += 0.5
    client.post("/cookies/", {"action": "accept", "source": "banner"})
    now[0] += 0.6
    client.post("/cookies/", {"action": "accept", "source": "banner"})
    first, within, after = ConsentRecord.objects.order_by("pk")
    assert first.text_id == within.text_id
    assert "renamed elsewhere" not in within.text.text
    assert "renamed elsewhere" in after.text.text


def test_the_text_recorded_follows_a_group_saved_in_this_process(client, initial_data):
    """The banner text is rendered once per catalogue: a saved group makes a
    new catalogue, so the next decision records the new text."""
    from cookie_consent.models import CookieGroup

    client.post("/cookies/", {"action": "refuse", "source": "banner"})
    client.post("/cookies/", {"action": "refuse", "source": "banner"})
    group = CookieGroup.objects.get(varname="analytics")
    group.description = "Counts visits, in new words."
    group.save()
    client.post("/cookies/", {"action": "refuse", "source": "banner"})
    rows = list(ConsentRecord.objects.order_by("pk"))
    assert rows[0].text_id == rows[1].text_id
    assert rows[2].text_id != rows[1].text_id
    assert "in new words" in rows[2].text.text
    assert "in new words" not in rows[1].text.text


def test_a_catalogue_cached_while_a_notice_version_commits_is_dropped_at_commit(
    initial_data, django_capture_on_commit_callbacks
):
    """Between the save of a new notice version and its commit, another
    process still reads the old rows and caches them; the commit drops that
    copy, so decisions record the version in force, not the one before."""
    from django.core.cache import cache

    from consent import catalogue

    before = catalogue.build_catalogue()
    with django_capture_on_commit_callbacks(execute=True):
        english_version(7, datetime.timedelta(minutes=1))
        # Another process, reading the committed rows, caches the old ones.
        cache.set(catalogue.CACHE_KEY, before, catalogue.CACHE_TIMEOUT)
    catalogue.forget_local_rules()
    assert catalogue.get_catalogue().notice_versions["en"] == 7


def test_a_decision_leaves_no_work_for_the_reference_index(client, initial_data):
    """The ledger is written on every cookie decision: it must not queue a
    reference-index task per row (eight a second under load) nor grow
    Wagtail's index by a row per decision. Nothing in the admin shows where a
    consent text is used."""
    from django.contrib.contenttypes.models import ContentType
    from django_tasks_db.models import DBTaskResult
    from wagtail.models import ReferenceIndex

    client.get("/admin/login/")  # the admin's hooks register the snippets
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ):
        client.post("/cookies/", {"action": "accept", "source": "banner"})
    record = ConsentRecord.objects.get()
    assert not DBTaskResult.objects.filter(args_kwargs__args__1="consentrecord")
    assert not ReferenceIndex.objects.filter(
        content_type=ContentType.objects.get_for_model(ConsentRecord),
        object_id=str(record.pk),
    ).exists()
