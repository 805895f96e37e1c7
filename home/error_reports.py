"""Error reports that name no one: Sentry when configured, email otherwise.

An error in a view that handles a person (sign-up, "Manage my data", a
request to the DPO) may carry their address or name in its message, in the
request body, in the local variables of the traceback. Reports leave the
site, so:

- Sentry (``SENTRY_DSN``) is initialised with the SDK's default of no
  personal data, without local variables and request bodies, and every
  string of every event goes through ``home.logging.mask`` in
  ``before_send``;
- the email to ``ADMINS`` (the fallback when Sentry is off) shows no POST
  value and no frame variable, and its text is masked the same way.
"""

from django.utils.log import AdminEmailHandler
from django.views.debug import SafeExceptionReporterFilter

from .logging import mask

# Parts of a Sentry event that are dropped whole: what the visitor sent.
DROPPED_REQUEST_KEYS = ("data", "cookies", "env")


def scrub(value):
    """Every string inside ``value`` (dicts, lists, tuples) masked."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {scrub(key): scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub(item) for item in value)
    return value


def before_send(event, hint):
    request = event.get("request")
    if isinstance(request, dict):
        for key in DROPPED_REQUEST_KEYS:
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            headers.pop("Cookie", None)
            headers.pop("Authorization", None)
    event.pop("user", None)
    return scrub(event)


def before_breadcrumb(crumb, hint):
    return scrub(crumb)


def init_sentry(*, dsn, environment, release):
    """Start error reporting to Sentry; called from the settings when set."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        # No personal data (user, cookies, IP address, request bodies) is the
        # SDK's default when neither ``send_default_pii`` (deprecated) nor
        # ``data_collection`` is given.
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
        traces_sample_rate=0,
        integrations=[DjangoIntegration()],
    )


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Django's error pages and emails without POST values or frame variables."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class MaskedAdminEmailHandler(AdminEmailHandler):
    """Django's error email to ADMINS, with addresses and secrets masked."""

    def send_mail(self, subject, message, *args, **kwargs):
        kwargs.pop("html_message", None)
        super().send_mail(mask(subject), mask(message), *args, **kwargs)
