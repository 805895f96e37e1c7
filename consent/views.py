from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseForbidden, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import ledger
from . import state as consent
from .catalogue import ANALYTICS_GROUP, get_catalogue, get_rules
from .forms import CHOICE_CHOOSE, CHOICE_GPC, ConsentForm
from .models import (
    ACTION_ACCEPT,
    ACTION_CUSTOM,
    ACTION_GPC,
    ACTION_REFUSE,
    ACTION_WITHDRAW,
    SOURCE_BANNER,
    SOURCE_BROWSER,
    SOURCE_PREFERENCES,
)

FORM_ACTIONS = {
    "accept": ACTION_ACCEPT,
    "refuse": ACTION_REFUSE,
    "custom": ACTION_CUSTOM,
}


def is_same_origin(request):
    """Cross-site form posts are refused without a per-visitor CSRF token.

    The banner is part of every page a visitor sees before choosing, and
    pages are the same bytes for every such visitor so that they can be
    cached; a CSRF token would make them per-visitor. Browsers send
    ``Sec-Fetch-Site`` and ``Origin`` with every form post and fetch, which is
    what is checked here instead.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def classify(action, groups, previous):
    """The ledger action: a refusal of something accepted before is a withdrawal."""
    if action == CHOICE_GPC:
        return ACTION_GPC
    withdrawn = previous.valid and any(
        accepted and not groups.get(varname)
        for varname, accepted in previous.groups.items()
    )
    return ACTION_WITHDRAW if withdrawn else FORM_ACTIONS[action]


def state_payload(state, message=""):
    return {
        "decided": state.valid,
        "consentId": state.consent_id,
        "groups": state.groups,
        "analytics": state.accepted(ANALYTICS_GROUP),
        "source": state.source,
        "message": message,
    }


def safe_next(request, value):
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("cookie_preferences")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The cookie settings page, and where the banner's forms post to."""
    previous = consent.read_state(request)
    if request.method == "POST":
        if not is_same_origin(request):
            return HttpResponseForbidden(
                _("Your cookie choice must be made on this site.")
            )
        form = ConsentForm(request.POST, gpc_header=consent.gpc_signal(request))
        if form.is_valid():
            return decide(request, form, previous)
        if wants_json(request):
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        status = 400
    else:
        form = ConsentForm(
            initial={
                "groups": [v for v, accepted in previous.groups.items() if accepted]
            }
        )
        status = 200
    catalogue = get_catalogue()
    response = render(
        request,
        "consent/preferences.html",
        {
            "nothing_to_ask": not get_rules().groups_to_ask(),
            "form": form,
            "state": previous,
            "gpc": consent.gpc_signal(request),
            "cookie_groups": catalogue.groups,
            "accepted_groups": {
                varname for varname, accepted in previous.groups.items() if accepted
            }
            if previous.valid
            else set(),
        },
        status=status,
    )
    consent.mark_private(response)
    return response


def decide(request, form, previous):
    action = form.cleaned_data["action"]
    next_url = safe_next(request, form.cleaned_data.get("next"))
    if action == CHOICE_CHOOSE:
        return HttpResponseRedirect(reverse("cookie_preferences"))
    if action == CHOICE_GPC and previous.valid:
        # An explicit choice overrides the signal; nothing to record.
        return JsonResponse(state_payload(previous))
    groups = form.chosen_groups()
    if action == CHOICE_GPC:
        source = SOURCE_BROWSER
    else:
        source = form.cleaned_data.get("source") or SOURCE_PREFERENCES
        source = source if source in (SOURCE_BANNER, SOURCE_PREFERENCES) else ""
    response = (
        JsonResponse({}) if wants_json(request) else HttpResponseRedirect(next_url)
    )
    record = ledger.record_decision(
        request,
        response,
        action=classify(action, groups, previous),
        groups=groups,
        source=source or SOURCE_PREFERENCES,
        gpc=form.gpc_signal,
        previous=previous,
    )
    request.consent_recorded = True
    if action == CHOICE_GPC:
        message = _(
            "Your browser sends a Global Privacy Control signal, so analytics "
            "cookies are refused. You can change this in the cookie settings."
        )
    else:
        message = _("Your cookie choice has been saved.")
    if wants_json(request):
        state = consent.ConsentState(
            status=consent.STATUS_VALID,
            consent_id=record.consent_id,
            decided_at=record.created_at,
            groups={k: v for k, v in record.choices.items() if k in groups},
            source=record.source,
        )
        response.content = JsonResponse(state_payload(state, message)).content
    else:
        messages.success(request, message)
    return response
