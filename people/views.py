"""Sign-up at /register/, counted once the emailed link is followed, and the
link that confirms a new email address."""

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from home.forms import caught_by_honeypot
from home.mail import send
from home.throttle import hit_limit, refuse, throttled
from people import identity
from retention.models import RetentionSettings

from . import activity, email_change, services
from .forms import RegistrationForm
from .models import Person

SALT = "people.signup-confirmation"
TEMPLATE = "people/register.html"


def confirmation_token(person):
    return signing.dumps(str(person.public_id), salt=SALT)


def confirmation_max_age():
    return RetentionSettings.current().unconfirmed_signup_days * 24 * 3600


@never_cache
def register(request):
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if caught_by_honeypot(request):
            return redirect("register_sent")
        if throttled(request, "signup"):
            return refuse(
                request,
                TEMPLATE,
                {"form": form},
                _(
                    "Several sign-ups came from your connection in a short time. "
                    "Please wait an hour before trying again."
                ),
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                person = services.register(
                    full_name=data["full_name"],
                    email=data["email"],
                    laboratory=data["laboratory"],
                    address=data["address"],
                    country=data["country"],
                    newsletter=data["newsletter"],
                    source="signup",
                )
            except services.DuplicateEmail:
                # The same answer as for a new address, so the page never
                # tells who is registered; the address's owner hears of it.
                tell_known_address(request, data["email"])
            else:
                send_confirmation(request, person)
            return redirect("register_sent")
    return TemplateResponse(request, TEMPLATE, {"form": form})


def repeat_mail_allowed(email):
    """Whether this address may get one more mail from a repeated sign-up.

    ``SIGNUP_REPEAT_MAIL_RATE`` is (mails, window in seconds) per address:
    repeated sign-ups must not become a way to flood someone's mailbox.
    """
    limit, window = getattr(settings, "SIGNUP_REPEAT_MAIL_RATE", (3, 24 * 3600))
    return not hit_limit(f"signup-repeat:{email.strip().lower()}", limit, window)


def tell_known_address(request, email):
    """Someone signed up with an address on file: tell that address, not them.

    A pending sign-up gets its confirmation link again; a confirmed person
    learns that someone tried, and where to manage their data. The form's
    data is never kept or merged, and no mail echoes it.
    """
    person = Person.objects.by_email(email).first()
    if person is None or not repeat_mail_allowed(person.email):
        return
    if not person.is_confirmed:
        send_confirmation(request, person)
        return
    send(
        person.email,
        _("Someone tried to register with your email address"),
        "email/people/signup_known.txt",
        {"my_data_url": request.build_absolute_uri(reverse("my_data"))},
    )


def send_confirmation(request, person):
    link = request.build_absolute_uri(
        reverse("register_confirm", args=[confirmation_token(person)])
    )
    send(
        person.email,
        _("Please confirm your MicroScope registration"),
        "email/people/signup_confirm.txt",
        {
            "person": person,
            "link": link,
            "days": RetentionSettings.current().unconfirmed_signup_days,
        },
    )


@never_cache
def register_sent(request):
    return TemplateResponse(request, "people/register_sent.html", {})


@never_cache
def register_confirm(request, token):
    """GET asks to confirm (mail scanners follow links); POST confirms.

    Only the POST that confirms the record opens "Manage my data" in its
    browser; every later use shows that the registration is confirmed.
    """
    try:
        public_id = signing.loads(token, salt=SALT, max_age=confirmation_max_age())
    except signing.BadSignature:
        person = None
    else:
        person = Person.objects.filter(public_id=public_id).first()
    if person is None:
        return TemplateResponse(request, "people/register_invalid.html", {}, status=410)
    # The link confirms an address; once that is done it proves nothing more
    # and opens no session, whoever holds it.
    if request.method == "POST" and services.confirm_signup(person, source="signup"):
        identity.remember(request, person)
        return TemplateResponse(
            request, "people/register_done.html", {"person": person}
        )
    return TemplateResponse(
        request,
        "people/register_confirm.html",
        {"already": person.is_confirmed},
    )


@never_cache
def confirm_email_change(request, token):
    """GET asks to confirm (mail scanners follow links); POST changes the address.

    Following the link proves the new address and nothing more: it opens no
    session.
    """
    if request.method == "POST":
        outcome = email_change.confirm(token)
    else:
        outcome = "ask" if email_change.find(token) else email_change.UNUSABLE
    if outcome == email_change.UNUSABLE:
        return TemplateResponse(
            request, "people/email_change_invalid.html", {}, status=410
        )
    return TemplateResponse(
        request,
        "people/email_change.html",
        {"outcome": outcome},
        status=409 if outcome == email_change.TAKEN else 200,
    )


@never_cache
def inactivity_stay(request, token):
    """GET asks to keep the record (mail scanners follow links); POST keeps it.

    A wrong, expired or used-up token (the record is already erased) answers
    400 with a page that says so and where to go instead.
    """
    person = activity.person_from_stay_token(token)
    if person is None:
        return TemplateResponse(
            request, "people/inactivity_stay_invalid.html", {}, status=400
        )
    if request.method == "POST":
        activity.record_activity(
            person, activity.STAY_LINK, language=request.LANGUAGE_CODE
        )
        return TemplateResponse(request, "people/inactivity_stay.html", {"done": True})
    return TemplateResponse(request, "people/inactivity_stay.html", {"done": False})
