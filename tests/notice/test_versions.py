"""Publishing the privacy notice freezes numbered, immutable versions."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from notice.models import ImmutableVersionError, NoticeVersion
from notice.signals import notice_published
from tests.notice_helpers import (
    MAILCHIMP,
    SHARING,
    draft_of,
    english_notice,
    publish_change,
    replace_in_paragraph,
)

pytestmark = pytest.mark.django_db


def version_text(html):
    """The published text on a version page, without the site's header and footer."""
    return html.split('notice-version__text">')[1].split("</article>")[0]


def test_initial_data_gives_version_1_dated_like_the_seed(initial_data):
    notice = english_notice()
    version = NoticeVersion.objects.get(page=notice)
    assert version.number == 1
    assert version.effective_date == datetime.date(2018, 9, 12)
    assert version.revision_id == notice.live_revision_id
    assert "not handed out to third parties" in version.html
    assert len(version.sha256) == 64


def test_publishing_creates_exactly_one_version(initial_data, superuser):
    notice = english_notice()
    publish_change(notice, "not handed out", "never handed out", user=superuser)
    versions = NoticeVersion.objects.filter(page=notice).order_by("number")
    assert [v.number for v in versions] == [1, 2]
    latest = versions.last()
    assert latest.change_summary == "A change."
    assert latest.published_by == superuser
    assert latest.revision_id == english_notice().live_revision_id
    assert "never handed out" in latest.html


def test_saving_a_draft_creates_no_version(initial_data, superuser):
    notice = english_notice()
    draft = replace_in_paragraph(notice, "not handed out", "never handed out")
    draft.save_revision(user=superuser)
    assert NoticeVersion.objects.filter(page=notice).count() == 1


def test_every_new_version_sends_notice_published(initial_data, superuser):
    received = []

    def receiver(sender, version, material, **kwargs):
        received.append((version.number, material))

    notice_published.connect(receiver)
    try:
        publish_change(notice := english_notice(), "not handed", "never handed")
        publish_change(notice, "never handed", "not given", material=True)
    finally:
        notice_published.disconnect(receiver)
    assert received == [(2, False), (3, True)]


def test_a_version_cannot_be_changed_or_deleted(initial_data):
    version = NoticeVersion.objects.get(page=english_notice())
    version.change_summary = "Rewritten history."
    with pytest.raises(ImmutableVersionError):
        version.save()
    with pytest.raises(ImmutableVersionError):
        version.delete()
    assert NoticeVersion.objects.get(pk=version.pk).change_summary != (
        "Rewritten history."
    )


def test_purge_revisions_keeps_every_version_revision(initial_data, superuser):
    notice = english_notice()
    publish_change(notice, "not handed out", "never handed out", user=superuser)
    publish_change(notice, "never handed out", "not given", user=superuser)
    # A draft on top, so that no version's revision is the latest one.
    replace_in_paragraph(notice, "not given", "not sold").save_revision()
    kept = set(NoticeVersion.objects.values_list("revision_id", flat=True))
    assert len(kept) == 4  # three English versions and the French one

    call_command("purge_revisions", stdout=io.StringIO())

    remaining = set(Revision.objects.values_list("pk", flat=True))
    assert kept <= remaining


def test_version_1_keeps_its_text_after_version_2(client, initial_data, superuser):
    notice = english_notice()
    publish_change(notice, SHARING, MAILCHIMP, user=superuser)

    old = client.get("/privacy/versions/1/").content.decode()
    new = client.get("/privacy/versions/2/").content.decode()
    live = client.get("/privacy/").content.decode()

    assert "not handed out to third parties" in old
    assert "Mailchimp" not in version_text(old)
    assert "Mailchimp" in new
    assert "Mailchimp" in live
    assert "Replaced by version 2" in old


def test_version_page_keeps_the_dpo_contact_it_was_published_with(client, initial_data):
    from home.models import SiteSettings

    before = client.get("/privacy/versions/1/").content.decode()
    site_settings = SiteSettings.for_site(initial_data)
    site_settings.dpo_email = "new-dpo@example.org"
    site_settings.save()
    after = client.get("/privacy/versions/1/").content.decode()
    live = client.get("/privacy/").content.decode()
    assert "new-dpo@example.org" not in version_text(after)
    assert version_text(before) == version_text(after)
    assert "new-dpo@example.org" in live.split("</article>")[0]


def test_unknown_version_is_not_found(client, initial_data):
    assert client.get("/privacy/versions/9/").status_code == 404


def test_last_update_follows_the_newest_version(client, initial_data, superuser):
    assert "Last update on 2018-09-12" in client.get("/privacy/").content.decode()
    with time_machine.travel(datetime.datetime(2030, 3, 4, 10, tzinfo=datetime.UTC)):
        publish_change(english_notice(), "not handed out", "never handed out")
        html = client.get("/privacy/").content.decode()
    assert "Last update on 2030-03-04" in html
    assert "2018-09-12" not in html.split("notice__updated")[1][:80]


def test_scheduled_publishing_creates_the_version_when_it_goes_live(
    initial_data, superuser
):
    notice = english_notice()
    go_live = timezone.now() + datetime.timedelta(days=2)
    draft = replace_in_paragraph(notice, "not handed out", "never handed out")
    draft.go_live_at = go_live
    draft.change_summary = "Scheduled change."
    draft.save_revision(user=superuser).publish(user=superuser)

    assert NoticeVersion.objects.filter(page=notice).count() == 1
    call_command("publish_scheduled", stdout=io.StringIO())
    assert NoticeVersion.objects.filter(page=notice).count() == 1

    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=io.StringIO())
        version = NoticeVersion.objects.get(page=notice, number=2)
    assert version.change_summary == "Scheduled change."
    assert version.effective_at >= go_live
    assert "never handed out" in version.html


def test_summary_fields_start_empty_for_the_next_version(initial_data, superuser):
    notice = english_notice()
    publish_change(notice, "not handed out", "never handed out", summary="Done.")
    from notice.models import PrivacyNoticeForm

    form_class = type(english_notice()).get_edit_handler().get_form_class()
    assert issubclass(form_class, PrivacyNoticeForm)
    form = form_class(instance=draft_of(english_notice()), for_user=superuser)
    assert form.initial["change_summary"] == ""
