"""Registered users are emailed, once, when the privacy notice changes materially."""

import io
import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from home.models import SiteSettings
from notice.models import NoticeVersion
from notice.signals import notice_published
from people import services
from people.erasure import erase_person
from people.views import confirmation_token
from rights.models import (
    DeliveryStatus,
    NoticeChangeDelivery,
    NoticeChangeMailing,
)
from rights.tasks import send_notice_change
from tests.notice_helpers import (
    MAILCHIMP,
    SHARING,
    english_notice,
    french_notice,
    publish_change,
)

pytestmark = pytest.mark.django_db

SUMMARY = "Newsletters are now sent through Mailchimp."
MAILINGS_URL = "/admin/privacy/notice-change-emails/"


def person(email, *, confirmed=True, restricted=False):
    registered = services.register(
        full_name="Ada Lovelace", email=email, confirmed=confirmed
    )
    if restricted:
        services.set_restricted(registered, True, source="test")
    return registered


FRENCH_EDIT = ("restent confidentielles", "restent toujours confidentielles")


def publish_material(capture, page=None, summary=SUMMARY):
    """Publish a material change and run what waits for the commit (the task)."""
    page = page or english_notice()
    if page.locale.language_code == "fr":
        edit = FRENCH_EDIT
    else:
        edit = (SHARING, f"{SHARING} {MAILCHIMP}")
    with capture(execute=True):
        publish_change(page, *edit, summary=summary, material=True)
    return NoticeVersion.objects.filter(page=page).first()


def recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def test_a_material_change_emails_each_person_once_with_what_changed(
    initial_data, mailoutbox, django_capture_on_commit_callbacks
):
    person("ada@example.org")
    person("grace@example.org")
    version = publish_material(django_capture_on_commit_callbacks)

    assert recipients(mailoutbox) == ["ada@example.org", "grace@example.org"]
    message = mailoutbox[0]
    assert message.subject == "The MicroScope privacy notice has changed"
    changes = "http://localhost/privacy/versions/changes/?old=1&new=2"
    dpo_email = SiteSettings.for_site(initial_data).dpo_email
    assert dpo_email
    html, content_type = message.alternatives[0]
    assert content_type == "text/html"
    for body in (message.body, html):
        assert SUMMARY in body
        assert (
            'http://localhost/privacy/"' in body
            or "http://localhost/privacy/\n" in body
        )
        assert dpo_email in body
    assert changes in message.body
    assert f'href="{changes.replace("&", "&amp;")}"' in html
    mailing = NoticeChangeMailing.objects.get(version=version)
    assert (mailing.total, mailing.sent, mailing.failed) == (2, 2, 0)
    assert mailing.finished_at is not None


def test_publishing_the_same_version_twice_or_rerunning_the_task_sends_nothing_more(
    initial_data, mailoutbox, django_capture_on_commit_callbacks
):
    person("ada@example.org")
    version = publish_material(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        notice_published.send(sender=NoticeVersion, version=version, material=True)
    mailing = NoticeChangeMailing.objects.get()
    # A finished mailing queues nothing; an extra run of the task finds no row.
    send_notice_change.enqueue(mailing.pk)
    NoticeChangeMailing.objects.filter(pk=mailing.pk).update(finished_at=None)
    send_notice_change.enqueue(mailing.pk)
    assert len(mailoutbox) == 1
    assert NoticeChangeMailing.objects.count() == 1
    assert NoticeChangeDelivery.objects.count() == 1


def test_two_workers_on_one_mailing_never_send_a_row_twice(
    initial_data, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """Each worker reads the same waiting rows; the claim lets only one send each."""
    from rights import notice_mailing

    for number in range(3):
        person(f"person{number}@example.org")
    with django_capture_on_commit_callbacks(execute=False):
        publish_change(
            english_notice(), SHARING, f"{SHARING} {MAILCHIMP}", material=True
        )
    mailing = NoticeChangeMailing.objects.get()
    notice_mailing.prepare(mailing)
    rows = list(mailing.deliveries.values_list("pk", flat=True))
    context = notice_mailing.email_context(mailing)
    first = [notice_mailing.deliver(mailing, pk, context) for pk in rows]
    second = [notice_mailing.deliver(mailing, pk, context) for pk in rows]
    assert first == [DeliveryStatus.SENT] * 3
    assert second == [None] * 3
    assert len(mailoutbox) == 3


def test_restricted_and_unconfirmed_people_are_not_emailed(
    initial_data, mailoutbox, django_capture_on_commit_callbacks
):
    person("ada@example.org")
    person("pending@example.org", confirmed=False)
    person("restricted@example.org", restricted=True)
    publish_material(django_capture_on_commit_callbacks)
    assert recipients(mailoutbox) == ["ada@example.org"]
    assert NoticeChangeMailing.objects.get().total == 1


def test_someone_restricted_after_the_list_is_made_is_skipped(
    initial_data, mailoutbox, django_capture_on_commit_callbacks
):
    from rights import notice_mailing

    person("ada@example.org")
    later = person("later@example.org")
    with django_capture_on_commit_callbacks(execute=False):
        publish_change(
            english_notice(), SHARING, f"{SHARING} {MAILCHIMP}", material=True
        )
    mailing = NoticeChangeMailing.objects.get()
    notice_mailing.prepare(mailing)
    services.set_restricted(later, True, source="test")
    send_notice_change.enqueue(mailing.pk)
    assert recipients(mailoutbox) == ["ada@example.org"]
    mailing.refresh_from_db()
    assert (mailing.total, mailing.sent, mailing.skipped) == (2, 1, 1)


def test_a_minor_change_emails_nobody(
    initial_data, mailoutbox, django_capture_on_commit_callbacks
):
    person("ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        publish_change(english_notice(), SHARING, f"{SHARING} {MAILCHIMP}")
    assert mailoutbox == []
    assert not NoticeChangeMailing.objects.exists()


def test_each_person_is_told_in_the_language_they_signed_up_in(
    client, initial_data, mailoutbox, django_capture_on_commit_callbacks
):
    imported = services.register(
        full_name="Ada Lovelace",
        email="ada@example.org",
        source="import",
        confirmed=True,
    )
    french = person("marie@example.org", confirmed=False)
    with translation.override("fr"):
        url = reverse("register_confirm", args=[confirmation_token(french)])
    assert url.startswith("/fr/")
    # Override: the request leaves its language active in this thread.
    with translation.override("en"):
        client.post(url)
    mailoutbox.clear()
    french.refresh_from_db()
    imported.refresh_from_db()
    assert french.language == "fr"
    # No language known: the reference language.
    assert imported.language == ""

    publish_material(django_capture_on_commit_callbacks, page=french_notice())
    assert recipients(mailoutbox) == ["marie@example.org"]
    message = mailoutbox[0]
    assert message.body.startswith("Bonjour,")
    assert '<html lang="fr">' in message.alternatives[0][0]
    assert (
        "http://localhost/fr/privacy/versions/changes/?old=1&amp;new=2"
        in (message.alternatives[0][0])
    )

    mailoutbox.clear()
    publish_material(django_capture_on_commit_callbacks)
    assert recipients(mailoutbox) == ["ada@example.org"]
    assert mailoutbox[0].body.startswith("Hello,")
    assert '<html lang="en">' in mailoutbox[0].alternatives[0][0]


class Crash(BaseException):
    """The worker process dies (not an error the code could catch and handle)."""


class CrashingBackend(EmailBackend):
    """Delivers ``CrashingBackend.sends_left`` emails, then the process dies."""

    sends_left = 0

    def send_messages(self, messages):
        if CrashingBackend.sends_left <= 0:
            raise Crash
        CrashingBackend.sends_left -= 1
        return super().send_messages(messages)


class RefusingOnceBackend(EmailBackend):
    """A mail server that refuses the first email it is given."""

    refused = False

    def send_messages(self, messages):
        if not RefusingOnceBackend.refused:
            RefusingOnceBackend.refused = True
            raise smtplib.SMTPServerDisconnected("connection lost")
        return super().send_messages(messages)


def test_a_run_that_crashes_mid_batch_is_resumed_without_sending_anyone_twice(
    initial_data, mailoutbox, django_capture_on_commit_callbacks, settings
):
    for number in range(5):
        person(f"person{number}@example.org")
    settings.NOTICE_CHANGE_BATCH_SIZE = 2
    settings.EMAIL_BACKEND = f"{__name__}.CrashingBackend"
    # Two batches of two start; the worker dies on the second email of batch two.
    CrashingBackend.sends_left = 3
    publish_material(django_capture_on_commit_callbacks)
    mailing = NoticeChangeMailing.objects.get()
    assert len(mailoutbox) == 3
    assert mailing.finished_at is None
    statuses = list(mailing.deliveries.values_list("status", flat=True))
    assert statuses == ["sent"] * 3 + ["sending", "pending"]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()
    call_command("send_notice_changes", stdout=out)
    assert "4/5 sent, 1 interrupted" in out.getvalue()
    mailing.refresh_from_db()
    sent_to = recipients(mailoutbox)
    assert len(sent_to) == len(set(sent_to)) == 4
    assert "person3@example.org" not in sent_to
    assert mailing.finished_at is not None
    assert (mailing.total, mailing.sent, mailing.interrupted()) == (5, 4, 1)


def test_an_email_the_server_refuses_is_tried_again(
    initial_data, mailoutbox, django_capture_on_commit_callbacks, settings
):
    person("ada@example.org")
    person("grace@example.org")
    settings.EMAIL_BACKEND = f"{__name__}.RefusingOnceBackend"
    RefusingOnceBackend.refused = False
    publish_material(django_capture_on_commit_callbacks)
    assert recipients(mailoutbox) == ["ada@example.org", "grace@example.org"]
    first = NoticeChangeDelivery.objects.order_by("pk").first()
    assert (first.status, first.attempts) == (DeliveryStatus.SENT, 2)


def test_erasing_a_person_removes_their_rows_and_keeps_the_counts(
    initial_data, mailoutbox, django_capture_on_commit_callbacks, client
):
    ada = person("ada@example.org")
    person("grace@example.org")
    publish_material(django_capture_on_commit_callbacks)
    assert NoticeChangeDelivery.objects.filter(person=ada).exists()
    pk = ada.pk
    erase_person(ada, source="test")
    assert not NoticeChangeDelivery.objects.filter(person_id=pk).exists()
    assert NoticeChangeDelivery.objects.count() == 1
    mailing = NoticeChangeMailing.objects.get()
    assert (mailing.total, mailing.sent) == (2, 2)


@pytest.fixture
def mailing(initial_data, mailoutbox, django_capture_on_commit_callbacks):
    person("ada@example.org")
    publish_material(django_capture_on_commit_callbacks)
    return NoticeChangeMailing.objects.get()


@pytest.mark.parametrize("who", ["dpo", "superuser"])
def test_the_dpo_sees_each_mailing_s_progress(request, client, mailing, who):
    client.force_login(request.getfixturevalue(who))
    listing = client.get(MAILINGS_URL)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Mailing for version 2 (en)" in html
    assert "1/1" in html
    inspect = client.get(f"{MAILINGS_URL}inspect/{mailing.pk}/")
    assert inspect.status_code == 200
    assert "Notice change emails" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", ["editor", "communications"])
def test_other_groups_cannot_see_the_mailings(request, client, mailing, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(MAILINGS_URL).status_code in (302, 403)
    assert client.get(f"{MAILINGS_URL}inspect/{mailing.pk}/").status_code in (
        302,
        403,
    )
    assert "Notice change emails" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", ["dpo", "superuser"])
def test_nobody_changes_or_deletes_a_mailing(request, client, mailing, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"{MAILINGS_URL}new/").status_code in (302, 403, 404)
    assert client.get(f"{MAILINGS_URL}edit/{mailing.pk}/").status_code in (302, 403)
    client.post(f"{MAILINGS_URL}delete/{mailing.pk}/")
    assert NoticeChangeMailing.objects.filter(pk=mailing.pk).exists()
