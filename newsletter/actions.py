"""The Newsletter tab's actions, each with a backend for its page and user.

wagtail-newsletter runs the tab's buttons from its own after_create_page and
after_edit_page hook, with the functions of ``wagtail_newsletter.actions``,
whose backend knows neither the page nor the user. ``newsletter.wagtail_hooks``
registers ``run_campaign_action`` in its place. The steps, forms, permission
check and log actions are wagtail-newsletter's; what differs is that the page
and the user reach ``MailchimpCampaignBackend`` as arguments.
"""

from django.utils.formats import localize
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.log_actions import log
from wagtail_newsletter.campaign_backends import CampaignBackendError
from wagtail_newsletter.forms import ScheduleCampaignForm, SendTestEmailForm
from wagtail_newsletter.views import has_permission_or_show_message

from .campaigns import MailchimpCampaignBackend
from .models import NewsletterPage


def run_campaign_action(request, page):
    """after_create_page / after_edit_page: the button the editor pressed."""
    action = request.POST.get("newsletter-action")
    if action is None or not isinstance(page, NewsletterPage):
        return
    if not has_permission_or_show_message(request, page, action):
        return
    run = ACTIONS.get(action)
    if run is not None:
        backend = MailchimpCampaignBackend(page=page, user=request.user)
        run(request, page, backend)


def save_campaign(request, page, backend):
    revision = page.latest_revision
    version = revision.as_object()
    subject = version.get_newsletter_subject()
    try:
        campaign_id = backend.save_campaign(
            campaign_id=page.newsletter_campaign,
            recipients=version.newsletter_recipients,
            subject=subject,
            html=version.get_newsletter_html(),
            from_name=version.get_newsletter_from_name(),
            reply_to=version.get_newsletter_reply_to(),
        )
    except CampaignBackendError as error:
        messages.error(request, error.message)
        return
    page.newsletter_campaign = campaign_id
    page.save(update_fields=["newsletter_campaign"])
    log(
        page,
        "wagtail_newsletter.save_campaign",
        user=backend.user,
        revision=revision,
        timestamp=revision.created_at,
        content_changed=True,
    )
    messages.success(
        request,
        _("Newsletter campaign “%(subject)s” has been saved to %(backend)s.")
        % {"subject": subject, "backend": backend.name},
    )


def send_test_email(request, page, backend):
    form = SendTestEmailForm(request.POST, prefix="newsletter-test")
    if not form_is_valid(request, form):
        return
    email = form.cleaned_data["email"]
    save_campaign(request, page, backend)
    try:
        backend.send_test_email(campaign_id=page.newsletter_campaign, email=email)
    except CampaignBackendError as error:
        messages.error(request, error.message)
        return
    log(
        page,
        "wagtail_newsletter.send_test_email",
        user=backend.user,
        data={"email": email},
    )
    messages.success(request, _("Test message sent to %(email)s.") % {"email": email})


def send_campaign(request, page, backend):
    save_campaign(request, page, backend)
    try:
        backend.send_campaign(page.newsletter_campaign)
    except CampaignBackendError as error:
        messages.error(request, error.message)
        return
    log(page, "wagtail_newsletter.send_campaign", user=backend.user)
    messages.success(request, _("The newsletter campaign is now sending."))


def schedule_campaign(request, page, backend):
    form = ScheduleCampaignForm(request.POST, prefix="newsletter-schedule")
    if not form_is_valid(request, form):
        return
    schedule_time = form.cleaned_data["schedule_time"]
    try:
        backend.validate_schedule_time(schedule_time)
    except CampaignBackendError as error:
        messages.error(request, error.message)
        return
    save_campaign(request, page, backend)
    try:
        backend.schedule_campaign(
            campaign_id=page.newsletter_campaign, schedule_time=schedule_time
        )
    except CampaignBackendError as error:
        messages.error(request, error.message)
        return
    log(
        page,
        "wagtail_newsletter.schedule_campaign",
        user=backend.user,
        data={"schedule_time": schedule_time},
    )
    when = f"{localize(schedule_time)} {schedule_time.tzname()}"
    messages.success(
        request, _("Campaign scheduled to send at %(when)s.") % {"when": when}
    )


def form_is_valid(request, form):
    if form.is_valid():
        return True
    for field, errors in form.errors.items():
        for message in errors:
            messages.error(request, f"{form[field].label}: {message}")
    return False


ACTIONS = {
    "save_campaign": save_campaign,
    "send_test_email": send_test_email,
    "send_campaign": send_campaign,
    "schedule_campaign": schedule_campaign,
}
