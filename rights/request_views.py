"""The data-subject request form, for what a person cannot do alone."""

from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from home.forms import caught_by_honeypot
from home.mail import send
from home.throttle import throttled
from people.models import Person

from .forms import DataSubjectRequestForm
from .models import RequestEvent, RequestStatus
from .views import too_many

TEMPLATE = "rights/request_form.html"


@never_cache
def request_form(request):
    initial = {"kind": request.GET.get("kind", "")}
    form = DataSubjectRequestForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST":
        if caught_by_honeypot(request):
            return redirect("privacy_request_sent")
        if throttled(request, "request", request.POST.get("email", "")):
            return too_many(request, TEMPLATE, {"form": form})
        if form.is_valid():
            subject_request = save_request(form)
            send(
                subject_request.email,
                _("We have received your request about your data"),
                "email/rights/request_received.txt",
                {
                    "subject_request": subject_request,
                    "due": formats.date_format(subject_request.due_at, "DATE_FORMAT"),
                },
            )
            return redirect("privacy_request_sent")
    return TemplateResponse(request, TEMPLATE, {"form": form})


@transaction.atomic
def save_request(form):
    subject_request = form.save(commit=False)
    subject_request.person = Person.objects.by_email(subject_request.email).first()
    subject_request.save()
    RequestEvent.objects.create(
        request=subject_request,
        status=RequestStatus.RECEIVED,
        note=_("Received through the website form."),
    )
    return subject_request


@never_cache
def request_sent(request):
    return TemplateResponse(request, "rights/request_sent.html", {})
