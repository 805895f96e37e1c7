"""Publishing the notice freezes a numbered, immutable ``NoticeVersion``.

Wagtail sends ``page_published`` whenever a revision is published: from the
page editor, a workflow approval, ``publish_scheduled`` or code. A version
is written only when the revision actually went live: scheduling a revision
for later sends the signal too but leaves the page as it was, and its version
is written when ``publish_scheduled`` makes it live.

The change summary and the material flag come, in this order, from the
details given to ``publish_revision()`` (code such as ``load_initial_data``),
the DPO's approval of this revision (``NoticeApprovalTaskState``), or the
"This version" fields of the published revision.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation
from wagtail.signals import page_published

from notice.signals import notice_published

from .models import NoticeVersion, PrivacyNoticePage

MATERIAL_CACHE_KEY = "notice:latest-material:{language}"
DETAIL_NAMES = frozenset(
    {"change_summary", "material_change", "effective_at", "translates_version"}
)


def publish_revision(revision, *, user=None, **details):
    """Publish ``revision`` with the summary, material flag or effective date given.

    Wagtail hands the very revision object to the ``page_published``
    receivers, so the details travel with it to ``record_version``.
    """
    unknown = set(details) - DETAIL_NAMES
    if unknown:
        raise TypeError(f"Not publication details: {sorted(unknown)}")
    revision.publication_details = details
    revision.publish(user=user)
    return revision


def request_for(page):
    """A request to render the notice outside any real request (commands, tasks)."""
    from django.contrib.auth.models import AnonymousUser

    site = page.get_site()
    request = RequestFactory().get(
        page.url or "/", SERVER_NAME=site.hostname if site else "localhost"
    )
    request._wagtail_site = site
    request.user = AnonymousUser()
    return request


def render_notice_html(page, request=None):
    """The notice's text as readers see it, live blocks rendered as they are now."""
    request = request or request_for(page)
    with translation.override(page.locale.language_code):
        html = render_to_string(
            "notice/notice_text.html",
            {"page": page, "request": request},
            request=request,
        )
    return html.strip()


def sha256_of(html):
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def approval_for(revision):
    from .workflow import NoticeApprovalTaskState

    return (
        NoticeApprovalTaskState.objects.filter(
            approved_revision=revision,
            status=NoticeApprovalTaskState.STATUS_APPROVED,
        )
        .order_by("-finished_at")
        .first()
    )


def translated_version(page, number):
    """The reference version a translation says it translates, if any."""
    if page.is_reference_text or not number:
        return None
    return NoticeVersion.objects.for_language().filter(number=number).first()


def record_version(page, revision):
    """Write the version for a revision that just went live (inside its transaction)."""
    details = getattr(revision, "publication_details", None) or {}
    approval = approval_for(revision)
    if "change_summary" in details:
        summary = details["change_summary"]
    elif approval and approval.change_summary:
        summary = approval.change_summary
    else:
        summary = page.change_summary
    material = details.get(
        "material_change",
        bool(page.material_change or (approval and approval.material_change)),
    )
    published_by = details.get(
        "published_by", approval.finished_by if approval else revision.user
    )
    html = render_notice_html(page)
    translates = translated_version(
        page, details.get("translates_version", page.translates_version)
    )
    with transaction.atomic():
        # Serialises concurrent publications of the same notice (PostgreSQL).
        PrivacyNoticePage.objects.select_for_update().filter(pk=page.pk).first()
        number = (
            NoticeVersion.objects.filter(page_id=page.pk).aggregate(n=Max("number"))[
                "n"
            ]
            or 0
        ) + 1
        version = NoticeVersion.objects.create(
            page_id=page.pk,
            number=number,
            effective_at=details.get("effective_at") or page.last_published_at,
            change_summary=summary,
            material_change=material,
            revision=revision,
            title=page.title,
            html=html,
            sha256=sha256_of(html),
            published_by=published_by,
            translates=translates,
        )
        language = page.locale.language_code
        transaction.on_commit(
            lambda: cache.delete(MATERIAL_CACHE_KEY.format(language=language))
        )
        # Sent inside the publishing transaction, right after the version row is
        # written: a receiver can write its own rows (outbox, consent version)
        # atomically with the version, and must leave network calls and emails to
        # work that runs after commit.
        notice_published.send(
            sender=NoticeVersion, version=version, material=version.material_change
        )
    return version


def record_live_change(change_summary):
    """A new version of every live notice whose text changed without a revision.

    Some blocks render what the site is set up with (the DPO contact, the
    retention periods, the cookie declarations): when one of those changes,
    the text readers see is no longer the text of the version in force, so it
    becomes a version of its own, a minor change with ``change_summary`` (a
    lazy translation, rendered in each notice's language).
    """
    recorded = []
    for page in PrivacyNoticePage.objects.live().select_related("locale"):
        language = page.locale.language_code
        in_force = NoticeVersion.objects.filter(page=page).in_force(language)
        if in_force is None or page.live_revision is None:
            continue
        if sha256_of(render_notice_html(page)) == in_force.sha256:
            continue
        revision = page.live_revision
        with translation.override(language):
            summary = str(change_summary)
        revision.publication_details = {
            "change_summary": summary,
            "material_change": False,
            "effective_at": timezone.now(),
            "published_by": None,
        }
        recorded.append(record_version(page, revision))
    return recorded


def record_live_change_on_commit(change_summary):
    transaction.on_commit(lambda: record_live_change(change_summary))


@receiver(page_published, sender=PrivacyNoticePage)
def version_on_publish(sender, instance, revision, **kwargs):
    page = PrivacyNoticePage.objects.get(pk=instance.pk)
    if not page.live or page.live_revision_id != revision.pk:
        # Scheduled for later: the version is written when it goes live.
        return
    if NoticeVersion.objects.filter(revision=revision).exists():
        return
    record_version(page, revision)
