"""“Manage my data”: access, download, correct, restrict, withdraw, erase."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from home.forms import caught_by_honeypot
from home.mail import send
from home.throttle import refuse, throttled
from people import email_change, export, identity, services
from people.erasure import erase_person
from people.forms import ProfileForm
from people.models import ConsentEvent, Person

from . import links
from .forms import EraseForm, LinkRequestForm
from .models import DataSubjectRequest

SOURCE = "self-service"


def too_many(request, template, context):
    return refuse(
        request,
        template,
        context,
        _(
            "You have made several requests in a short time. Please wait an hour "
            "before trying again, or write to the data protection officer."
        ),
    )


@never_cache
def request_link(request):
    template = "rights/request_link.html"
    form = LinkRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if caught_by_honeypot(request):
            return redirect("my_data_sent")
        if throttled(request, "my_data", request.POST.get("email", "")):
            return too_many(request, template, {"form": form})
        if form.is_valid():
            send_link(request, form.cleaned_data["email"])
            # The same answer whether or not the address is on file.
            return redirect("my_data_sent")
    return TemplateResponse(request, template, {"form": form})


def send_link(request, email):
    """Email a link to a known address, or say so to an unknown one.

    Both paths render and send one email, so neither the page nor its timing
    tells whether an address is registered.
    """
    person = Person.objects.by_email(email).first()
    token = links.make_token(person)
    link = request.build_absolute_uri(reverse("my_data_open", args=[token]))
    context = {
        "link": link,
        "minutes": settings.MY_DATA_LINK_SECONDS // 60,
        "request_url": request.build_absolute_uri(reverse("privacy_request")),
        "register_url": request.build_absolute_uri(reverse("register")),
    }
    if person is not None:
        send(
            person.email,
            _("Your link to manage your MicroScope data"),
            "email/rights/my_data_link.txt",
            {**context, "person": person},
        )
    else:
        send(
            email,
            _("Your request about MicroScope data"),
            "email/rights/my_data_unknown.txt",
            context,
        )


@never_cache
def link_sent(request):
    return TemplateResponse(request, "rights/link_sent.html", {})


@never_cache
def open_link(request, token):
    """GET asks to continue (mail scanners follow links); POST uses the link."""
    if request.method == "POST":
        person = links.consume(token)
        if person is not None:
            identity.remember(request, person)
            return redirect("my_data_home")
    elif links.find(token) is not None:
        return TemplateResponse(request, "rights/open_link.html", {})
    return TemplateResponse(request, "rights/link_invalid.html", {}, status=410)


def identified(view):
    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        person = identity.current_person(request)
        if person is None:
            messages.info(
                request,
                _("For your security, please ask for a new link to see your data."),
            )
            return redirect("my_data")
        return view(request, person, *args, **kwargs)

    return wrapper


def dashboard_context(person, **extra):
    data = export.person_data(person)
    return {
        "person": person,
        "data": data,
        "consents": ConsentEvent.objects.filter(
            person_public_id=person.public_id
        ).order_by("occurred_at", "pk"),
        "requests": DataSubjectRequest.objects.filter(person=person),
        "profile_form": extra.pop("profile_form", None)
        or ProfileForm(instance=Person.objects.get(pk=person.pk)),
        "erase_form": extra.pop("erase_form", None) or EraseForm(),
        "pending_email_change": email_change.pending(person),
        **extra,
    }


@identified
def dashboard(request, person):
    return TemplateResponse(request, "rights/dashboard.html", dashboard_context(person))


@identified
def download(request, person, fmt):
    data = export.person_data(person)
    if fmt == "json":
        body, content_type = export.as_json(data), "application/json"
    else:
        body, content_type = export.as_csv(data), "text/csv"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="microscope-my-data.{fmt}"'
    return response


@require_POST
@identified
def rectify(request, person):
    """Correct the record; a new email address waits for its own confirmation."""
    form = ProfileForm(request.POST, instance=Person.objects.get(pk=person.pk))
    if form.is_valid():
        new_email = form.cleaned_data["email"]
        moving = email_change.differs(person, new_email)
        if moving and email_change.limit_reached(person):
            form.add_error(
                "email",
                _(
                    "You have asked for several changes of address in a short "
                    "time. Please wait an hour before trying again."
                ),
            )
    if not form.is_valid():
        context = dashboard_context(person, profile_form=form)
        return TemplateResponse(request, "rights/dashboard.html", context, status=400)
    fields = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
    if moving:
        del fields["email"]
    changed = services.update_profile(person, source=SOURCE, **fields)
    if moving:
        email_change.start(request, person, new_email, source=SOURCE)
        messages.success(
            request,
            _(
                "We have sent a link to %(email)s. It becomes your address once "
                "you follow that link; until then we keep writing to %(current)s."
            )
            % {"email": new_email, "current": person.email},
        )
    if changed:
        messages.success(request, _("Your details have been corrected."))
    elif not moving:
        messages.info(request, _("Nothing had changed: your details are as before."))
    return redirect("my_data_home")


@require_POST
@identified
def restrict(request, person):
    restricted = request.POST.get("restrict") == "1"
    if services.set_restricted(person, restricted, source=SOURCE):
        identity.update_flags(request, person)
    if restricted:
        messages.success(
            request,
            _(
                "Processing of your data is restricted: you receive no newsletter "
                "and are left out of statistics until you lift the restriction."
            ),
        )
    else:
        messages.success(request, _("The restriction is lifted."))
    return redirect("my_data_home")


@require_POST
@identified
def newsletter(request, person):
    subscribe = request.POST.get("subscribe") == "1"
    services.set_newsletter_consent(person, subscribe, source=SOURCE)
    if subscribe:
        messages.success(request, _("You will receive the newsletter."))
    else:
        messages.success(
            request,
            _("Your consent is withdrawn: you will receive no more newsletters."),
        )
    return redirect("my_data_home")


@identified
def erase(request, person):
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        erase_person(person, source=SOURCE)
        request.session.flush()
        return TemplateResponse(request, "rights/erased.html", {})
    return TemplateResponse(
        request,
        "rights/erase.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def sign_out(request):
    identity.forget(request)
    messages.info(request, _("You have left “Manage my data” on this device."))
    return redirect("my_data")
