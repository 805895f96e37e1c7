"""Telling registered users of a material change of the privacy notice.

``notice.signals.notice_published`` starts one ``NoticeChangeMailing`` per
material version (``rights.receivers``, inside the publishing transaction);
after commit, the task
``rights.tasks.send_notice_change`` lists the recipients once, one
``NoticeChangeDelivery`` row per person, then sends in batches, re-enqueuing
itself until no row waits.

At most once, never twice: each row is claimed (a conditional UPDATE from
"waiting" to "being sent") just before its email is sent, and marked sent
right after. Two workers, or two tasks for one mailing, never send the same
row, and the unique (mailing, person) pair means nobody is listed twice. A
crash between the claim and the mark leaves that one row "being sent": a
rerun does not send it again, and the DPO sees it counted as interrupted.
An email the mail server refuses (an exception, so it did not leave) goes
back to "waiting" and is tried again, up to ``MAX_ATTEMPTS``.
"""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from home.models import TOPIC_DATA_PROTECTION, ContactPage, SiteSettings
from notice.models import PrivacyNoticePage
from people.models import Person

from .models import (
    DeliveryStatus,
    NoticeChangeDelivery,
    NoticeChangeMailing,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
INSERT_CHUNK = 500


def batch_size():
    return getattr(settings, "NOTICE_CHANGE_BATCH_SIZE", 100)


def site_languages():
    return {code for code, _name in settings.LANGUAGES}


def recipients(language):
    """Confirmed, unrestricted people to tell of a change to the ``language`` notice.

    Each is told of the notice in their own language; people whose language
    has no live notice read the reference one, so its changes reach them too.
    Annotated with ``mail_language``, the language of their email.
    """
    people = (
        Person.objects.confirmed()
        .filter(processing_restricted=False)
        .annotate(
            mail_language=Coalesce(
                NullIf("language", Value("")),
                Value(settings.LANGUAGE_CODE),
                output_field=CharField(),
            )
        )
    )
    condition = Q(mail_language=language)
    if language == settings.LANGUAGE_CODE:
        live = PrivacyNoticePage.objects.live().values_list(
            "locale__language_code", flat=True
        )
        condition |= ~Q(mail_language__in=list(live))
    return people.filter(condition)


def prepare(mailing):
    """List the recipients once; safe to repeat and to run beside another worker."""
    if mailing.prepared_at is not None:
        return
    people = recipients(mailing.language).values_list("pk", "mail_language")
    chunk = []
    for pk, language in people.iterator(chunk_size=INSERT_CHUNK):
        chunk.append(
            NoticeChangeDelivery(mailing=mailing, person_id=pk, language=language)
        )
        if len(chunk) == INSERT_CHUNK:
            NoticeChangeDelivery.objects.bulk_create(chunk, ignore_conflicts=True)
            chunk = []
    NoticeChangeDelivery.objects.bulk_create(chunk, ignore_conflicts=True)
    NoticeChangeMailing.objects.filter(pk=mailing.pk, prepared_at__isnull=True).update(
        prepared_at=timezone.now(), total=mailing.deliveries.count()
    )
    mailing.refresh_from_db()
    logger.info("Notice change mailing %s: %s recipients", mailing.pk, mailing.total)


def _count(mailing, field):
    NoticeChangeMailing.objects.filter(pk=mailing.pk).update(**{field: F(field) + 1})


def absolute(site, url):
    if url.startswith("/") and site is not None:
        return site.root_url + url
    return url


def dpo_contact(page):
    """The DPO's address, else the contact form's data-protection topic."""
    site = page.get_site()
    site_settings = SiteSettings.for_site(site) if site else None
    if site_settings and site_settings.dpo_email:
        return {"email": site_settings.dpo_email, "url": ""}
    contact = ContactPage.objects.live().first()
    if contact is None:
        return {"email": "", "url": ""}
    url = contact.localized.get_url(current_site=site) or ""
    return {"email": "", "url": f"{absolute(site, url)}?topic={TOPIC_DATA_PROTECTION}"}


def email_context(mailing):
    version = mailing.version
    page = version.page
    site = page.get_site()
    previous = version.get_previous()
    notice_url = absolute(site, page.get_url(current_site=site) or "")
    changes_url = notice_url + page.reverse_subpage("compare")
    if previous is not None:
        changes_url += "?" + urlencode({"old": previous.number, "new": version.number})
    return {
        "version": version,
        "summary": version.change_summary,
        "notice_url": notice_url,
        "changes_url": changes_url,
        "dpo": dpo_contact(page),
    }


def render_email(delivery, context):
    with translation.override(delivery.language):
        subject = gettext("The MicroScope privacy notice has changed")
        text = render_to_string("email/rights/notice_change.txt", context)
        html = render_to_string("email/rights/notice_change.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[delivery.person.email]
    )
    message.attach_alternative(html, "text/html")
    return message


def deliver(mailing, pk, context):
    """Claim, send and mark one row; returns its new status, or None if taken."""
    claimed = NoticeChangeDelivery.objects.filter(
        pk=pk, status=DeliveryStatus.PENDING
    ).update(
        status=DeliveryStatus.SENDING,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    delivery = (
        NoticeChangeDelivery.objects.filter(pk=pk).select_related("person").first()
    )
    if not claimed or delivery is None:
        return None
    person = delivery.person
    if not person.is_confirmed or person.processing_restricted:
        delivery.status = DeliveryStatus.SKIPPED
        delivery.save(update_fields=["status"])
        _count(mailing, "skipped")
        return delivery.status
    try:
        render_email(delivery, context).send()
    except Exception:
        # The server refused it: the email did not leave, so it may be retried.
        logger.warning(
            "Notice change email %s failed (attempt %s)",
            pk,
            delivery.attempts,
            exc_info=True,
        )
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            _count(mailing, "failed")
        else:
            delivery.status = DeliveryStatus.PENDING
        delivery.save(update_fields=["status"])
        return delivery.status
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["status", "sent_at"])
    _count(mailing, "sent")
    return delivery.status


def send_batch(mailing, size=None):
    """Send up to ``size`` waiting rows; returns how many rows ended in each status."""
    pending = list(
        mailing.deliveries.filter(status=DeliveryStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[: size or batch_size()]
    )
    outcome = {}
    if not pending:
        return outcome
    context = email_context(mailing)
    for pk in pending:
        status = deliver(mailing, pk, context)
        if status is not None:
            outcome[status] = outcome.get(status, 0) + 1
    return outcome


def finish(mailing):
    """Mark the mailing finished once no row waits; True if it is."""
    if mailing.deliveries.filter(status=DeliveryStatus.PENDING).exists():
        return False
    NoticeChangeMailing.objects.filter(pk=mailing.pk, finished_at__isnull=True).update(
        finished_at=timezone.now()
    )
    mailing.refresh_from_db()
    return True
