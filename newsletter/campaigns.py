"""wagtail-newsletter's CampaignBackend on this site's Mailchimp gateway.

wagtail-newsletter draws the page editor's Newsletter tab; this backend does
the Mailchimp side and guards the one thing that must never happen: a
newsletter sent twice. Which page and which user an action is about are not
part of wagtail-newsletter's backend interface, so the site runs the tab's
actions itself (``newsletter.actions``), each with a backend made for that
page and that user. A backend wagtail-newsletter makes on its own, with
neither, only lists audiences, reads campaigns and unschedules by campaign id.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail_newsletter.audiences import Audience, AudienceSegment
from wagtail_newsletter.campaign_backends import (
    Campaign,
    CampaignBackend,
    CampaignBackendError,
)

from . import tracking
from .gateway import Gateway, MailchimpError, NotConfigured
from .models import CampaignRecord

# How long a send without an answer blocks another attempt.
SENDING_GRACE = timedelta(minutes=2)


def message_for(error, doing):
    """A sentence for the editor, from a Mailchimp failure."""
    if error.transient:
        return _(
            "Mailchimp could not be reached while %(doing)s. Try again in a few "
            "minutes."
        ) % {"doing": doing}
    if error.status in {401, 403}:
        return _(
            "Mailchimp refused the site's API key while %(doing)s. Ask an "
            "administrator to check MAILCHIMP_API_KEY."
        ) % {"doing": doing}
    if error.status == 404:
        return _("Mailchimp no longer has this campaign or audience (%(doing)s).") % {
            "doing": doing
        }
    return _("Mailchimp refused the request while %(doing)s: %(detail)s") % {
        "doing": doing,
        "detail": error.detail or error.title,
    }


@dataclass
class MailchimpCampaign(Campaign):
    backend: "MailchimpCampaignBackend"
    id: str
    web_id: str
    status: str

    @property
    def is_scheduled(self):
        return self.status == "schedule"

    @property
    def is_sent(self):
        return self.status in {"sending", "sent"}

    @property
    def url(self):
        server = self.backend.gateway.api_key.rsplit("-", 1)[-1]
        base = f"https://{server}.admin.mailchimp.com"
        if self.is_sent:
            return f"{base}/reports/summary?id={self.web_id}"
        return f"{base}/campaigns/edit?id={self.web_id}"

    def get_report(self):
        try:
            data = self.backend.gateway.campaign_report(self.id)
        except MailchimpError as error:
            if error.is_not_found:
                return {}
            raise CampaignBackendError(
                message_for(error, _("reading the report"))
            ) from error
        report = {
            "emails_sent": data.get("emails_sent", 0),
            "bounces": sum((data.get("bounces") or {}).values()),
            "opens": (data.get("opens") or {}).get("unique_opens", 0),
            "clicks": (data.get("clicks") or {}).get("unique_clicks", 0),
        }
        if data.get("send_time"):
            try:
                report["send_time"] = datetime.fromisoformat(data["send_time"])
            except ValueError:
                pass
        return report


class MailchimpCampaignBackend(CampaignBackend):
    name = "Mailchimp"

    def __init__(self, page=None, user=None):
        self.page = page
        self.user = user

    @property
    def sender(self):
        """The user to record as sender: nobody for an anonymous one."""
        if self.user is not None and self.user.is_authenticated:
            return self.user
        return None

    @cached_property
    def gateway(self):
        try:
            return Gateway()
        except NotConfigured as error:
            raise ImproperlyConfigured(str(error)) from error

    # -- audiences ---------------------------------------------------------------
    def get_audiences(self):
        try:
            lists = self.gateway.audiences()
        except MailchimpError as error:
            raise CampaignBackendError(
                message_for(error, _("listing the audiences"))
            ) from error
        return [
            Audience(
                id=item["id"],
                name=item["name"],
                member_count=(item.get("stats") or {}).get("member_count", 0),
            )
            for item in lists
        ]

    def get_audience_segments(self, audience_id):
        try:
            segments = self.gateway.segments(audience_id, segment_type="saved")
        except MailchimpError as error:
            if error.is_not_found:
                raise Audience.DoesNotExist from error
            raise CampaignBackendError(
                message_for(error, _("listing the segments"))
            ) from error
        return [
            AudienceSegment(
                id=f"{audience_id}/{segment['id']}",
                name=segment["name"],
                member_count=segment.get("member_count", 0),
            )
            for segment in segments
        ]

    # -- saving --------------------------------------------------------------------
    def record_for(self, campaign_id=None):
        if self.page is not None:
            record, _created = CampaignRecord.objects.get_or_create(
                page_id=self.page.pk, defaults={"campaign_id": campaign_id or ""}
            )
            return record
        if campaign_id:
            return CampaignRecord.objects.filter(campaign_id=campaign_id).first()
        return None

    def save_campaign(
        self, *, campaign_id=None, recipients, subject, html, from_name, reply_to
    ):
        record = self.record_for(campaign_id)
        if record is not None:
            refuse_if_sent(record)
            campaign_id = campaign_id or record.campaign_id
        body = {
            "type": "regular",
            "settings": {
                "subject_line": subject,
                "from_name": from_name,
                "reply_to": reply_to,
            },
            # Sent on every save: Mailchimp tracks unless told not to, and a
            # change of the setting reaches campaigns saved before it.
            "tracking": tracking.campaign_tracking(),
        }
        if recipients is not None:
            body["recipients"] = {"list_id": recipients.audience}
            if recipients.segment:
                body["recipients"]["segment_opts"] = {
                    "saved_segment_id": int(recipients.segment.split("/")[1])
                }
        gateway = self.gateway
        try:
            if campaign_id:
                try:
                    gateway.update_campaign(campaign_id, body)
                except MailchimpError as error:
                    if not error.is_not_found:
                        raise
                    campaign_id = None
            if not campaign_id:
                campaign_id = gateway.create_campaign(body)["id"]
            if record is not None:
                # Remember the campaign before the content goes: a failure
                # below must not lose it (and create a second one next time).
                record.campaign_id = campaign_id
                record.content_saved = False
                record.save(update_fields=["campaign_id", "content_saved"])
            gateway.set_campaign_content(
                campaign_id, html=html, plain_text=self.plain_text(html)
            )
        except MailchimpError as error:
            raise CampaignBackendError(
                message_for(error, _("saving the campaign"))
            ) from error
        if record is not None:
            record.content_saved = True
            record.last_error = ""
            record.save(update_fields=["content_saved", "last_error"])
        return campaign_id

    def plain_text(self, html):
        page = self.page
        if page is None:
            return ""
        version = page.latest_revision.as_object() if page.latest_revision else page
        return version.get_newsletter_text()

    def get_campaign(self, campaign_id):
        try:
            data = self.gateway.get_campaign(campaign_id)
        except MailchimpError as error:
            if error.is_not_found:
                return None
            raise CampaignBackendError(
                message_for(error, _("reading the campaign"))
            ) from error
        return MailchimpCampaign(
            backend=self,
            id=campaign_id,
            web_id=str(data.get("web_id", "")),
            status=data.get("status", ""),
        )

    def send_test_email(self, *, campaign_id, email):
        try:
            self.gateway.send_test(campaign_id, [email])
        except MailchimpError as error:
            raise CampaignBackendError(
                message_for(error, _("sending the test email"))
            ) from error

    # -- sending, once -------------------------------------------------------------
    def send_campaign(self, campaign_id):
        record = self.checked_record(campaign_id)
        with transaction.atomic():
            record = CampaignRecord.objects.select_for_update().get(pk=record.pk)
            refuse_if_sent(record)
            record.state = CampaignRecord.State.SENDING
            record.sent_at = timezone.now()
            record.sent_by = self.sender
            record.save()
        try:
            self.gateway.send_campaign(campaign_id)
        except MailchimpError as error:
            record.last_error = str(error)
            if error.transient:
                # Perhaps sent: left "sending" until Mailchimp says otherwise.
                record.save(update_fields=["last_error"])
                raise CampaignBackendError(
                    _(
                        "Mailchimp did not confirm the send. The newsletter may "
                        "have gone out: its status will be checked before any "
                        "new attempt."
                    )
                ) from error
            campaign = self.get_campaign(campaign_id)
            if campaign is not None and campaign.is_sent:
                record.state = CampaignRecord.State.SENT
                record.save()
                log_sent(record)
                refuse_if_sent(record)
            record.state = CampaignRecord.State.DRAFT
            record.sent_at = None
            record.sent_by = None
            record.save()
            raise CampaignBackendError(
                message_for(error, _("sending the campaign"))
            ) from error
        record.state = CampaignRecord.State.SENT
        record.last_error = ""
        record.save()
        log_sent(record)

    def checked_record(self, campaign_id):
        """The page's record, refusing anything that could be a second send."""
        if not campaign_id:
            raise CampaignBackendError(
                _("The campaign could not be saved to Mailchimp, so nothing was sent.")
            )
        record = self.record_for(campaign_id)
        if record is None:
            record = CampaignRecord.objects.create(
                campaign_id=campaign_id, content_saved=True
            )
        refuse_if_sent(record, check_sending=False)
        if record.campaign_id != campaign_id or not record.content_saved:
            raise CampaignBackendError(
                _(
                    "The latest content could not be saved to Mailchimp, so the "
                    "newsletter was not sent. Try again."
                )
            )
        # Mailchimp has the last word: a send whose answer was lost, or a
        # send made in Mailchimp's own interface, counts.
        campaign = self.get_campaign(campaign_id)
        if campaign is not None and campaign.is_sent:
            if record.state != CampaignRecord.State.SENT:
                record.state = CampaignRecord.State.SENT
                record.sent_at = record.sent_at or timezone.now()
                record.save()
                log_sent(record)
            refuse_if_sent(record)
        if record.state == CampaignRecord.State.SENDING:
            if record.sent_at and timezone.now() - record.sent_at < SENDING_GRACE:
                raise CampaignBackendError(
                    _("This newsletter is being sent right now.")
                )
            # An earlier attempt lost its answer and Mailchimp did not send.
            record.state = CampaignRecord.State.DRAFT
            record.save(update_fields=["state"])
        return record

    def validate_schedule_time(self, schedule_time):
        if schedule_time <= timezone.now():
            raise CampaignBackendError(_("The schedule time must be in the future."))
        local = timezone.localtime(schedule_time)
        if local.minute % 15 or local.second or local.microsecond:
            raise CampaignBackendError(
                _(
                    "Mailchimp sends on the quarter hour: choose a time ending in "
                    ":00, :15, :30 or :45 (not %(time)s)."
                )
                % {"time": local.strftime("%H:%M")}
            )

    def schedule_campaign(self, campaign_id, schedule_time):
        self.validate_schedule_time(schedule_time)
        record = self.checked_record(campaign_id)
        try:
            self.gateway.schedule_campaign(campaign_id, schedule_time.astimezone(UTC))
        except MailchimpError as error:
            raise CampaignBackendError(
                message_for(error, _("scheduling the campaign"))
            ) from error
        record.state = CampaignRecord.State.SCHEDULED
        record.sent_at = schedule_time
        record.sent_by = self.sender
        record.save()

    def unschedule_campaign(self, campaign_id):
        try:
            self.gateway.unschedule_campaign(campaign_id)
        except MailchimpError as error:
            raise CampaignBackendError(
                message_for(error, _("unscheduling the campaign"))
            ) from error
        CampaignRecord.objects.filter(
            campaign_id=campaign_id, state=CampaignRecord.State.SCHEDULED
        ).update(state=CampaignRecord.State.DRAFT, sent_at=None, sent_by=None)


def refuse_if_sent(record, check_sending=True):
    State = CampaignRecord.State
    blocked = {State.SENT, State.SCHEDULED} | (
        {State.SENDING} if check_sending else set()
    )
    if record.state not in blocked:
        return
    when = (
        date_format(timezone.localtime(record.sent_at), "DATETIME_FORMAT")
        if record.sent_at
        else ""
    )
    who = record.sent_by.get_username() if record.sent_by else _("someone")
    if record.state == State.SCHEDULED:
        raise CampaignBackendError(
            _(
                "This newsletter is scheduled for %(when)s by %(who)s. Unschedule "
                "it first to change or send it."
            )
            % {"when": when, "who": who}
        )
    raise CampaignBackendError(
        _(
            "This newsletter was already sent (%(when)s, by %(who)s); it cannot "
            "be sent again. Copy the page to send a new issue."
        )
        % {"when": when, "who": who}
    )


def log_sent(record):
    if record.page_id is None:
        return
    log(
        record.page,
        "newsletter.campaign_sent",
        user=record.sent_by,
        data={
            "campaign_id": record.campaign_id,
            "sent_at": record.sent_at.isoformat() if record.sent_at else "",
            "sent_by": record.sent_by.get_username() if record.sent_by else "",
        },
    )
