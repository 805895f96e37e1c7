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

from home.throttle import client_ip, hit_limit
from privacy.mail import send
from privacy.people import services
from privacy.people.forms import ProfileForm
from privacy.people.models import ConsentEvent, RegisteredUser

from . import export, identity, links
from .erasure import erase_person
from .forms import EraseForm, LinkRequestForm
from .models import DataSubjectRequest

SOURCE = "self-service"


def throttled(request, email, scope):
    """True once this address or this IP asked too often."""
    per_email, per_ip, window = settings.PRIVACY_FORM_RATES[scope]
    over_ip = hit_limit(f"{scope}:ip:{client_ip(request)}", per_ip, window)
    over_email = email and hit_limit(
        f"{scope}:email:{email.strip().lower()}", per_email, window
    )
    return over_ip or over_email


def too_many(request, template, context):
    context["form"].add_error(
        None,
        _(
            "You have made several requests in a short time. Please wait an hour "
            "before trying again, or write to the data protection officer."
        ),
    )
    return TemplateResponse(request, template, context, status=429)


@never_cache
def request_link(request):
    template = "privacy/rights/request_link.html"
    form = LinkRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if request.POST.get("website"):
            return redirect("my_data_sent")
        email = request.POST.get("email", "")
        if throttled(request, email, "my_data"):
            form.is_valid()
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
    person = RegisteredUser.objects.by_email(email).first()
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
            "email/privacy/my_data_link.txt",
            {**context, "person": person},
        )
    else:
        send(
            email,
            _("Your request about MicroScope data"),
            "email/privacy/my_data_unknown.txt",
            context,
        )


@never_cache
def link_sent(request):
    return TemplateResponse(request, "privacy/rights/link_sent.html", {})


@never_cache
def open_link(request, token):
    """GET asks to continue (mail scanners follow links); POST uses the link."""
    if request.method == "POST":
        person = links.consume(token)
        if person is not None:
            identity.remember(request, person)
            return redirect("my_data_home")
    elif links.find(token) is not None:
        return TemplateResponse(request, "privacy/rights/open_link.html", {})
    return TemplateResponse(request, "privacy/rights/link_invalid.html", {}, status=410)


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
        "consents": ConsentEvent.objects.filter(subject=person.public_id).order_by(
            "occurred_at", "pk"
        ),
        "requests": DataSubjectRequest.objects.filter(person=person),
        "profile_form": extra.pop("profile_form", None)
        or ProfileForm(instance=RegisteredUser.objects.get(pk=person.pk)),
        "erase_form": extra.pop("erase_form", None) or EraseForm(),
        **extra,
    }


@identified
def dashboard(request, person):
    return TemplateResponse(
        request, "privacy/rights/dashboard.html", dashboard_context(person)
    )


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
    form = ProfileForm(request.POST, instance=RegisteredUser.objects.get(pk=person.pk))
    if not form.is_valid():
        context = dashboard_context(person, profile_form=form)
        return TemplateResponse(
            request, "privacy/rights/dashboard.html", context, status=400
        )
    fields = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
    try:
        changed = services.update_profile(person, source=SOURCE, **fields)
    except services.DuplicateEmail:
        form.add_error(
            "email", _("Another registered user already has this email address.")
        )
        context = dashboard_context(person, profile_form=form)
        return TemplateResponse(
            request, "privacy/rights/dashboard.html", context, status=400
        )
    if changed:
        messages.success(request, _("Your details have been corrected."))
    else:
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
        return TemplateResponse(request, "privacy/rights/erased.html", {})
    return TemplateResponse(
        request,
        "privacy/rights/erase.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def sign_out(request):
    identity.forget(request)
    messages.info(request, _("You have left “Manage my data” on this device."))
    return redirect("my_data")
