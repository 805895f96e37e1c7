"""What every public form shares: the honeypot field that catches bots."""

from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


def honeypot_field():
    # Humans never see this field (components/form.html hides it); bots that
    # fill every input do.
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class HoneypotMixin(forms.Form):
    """Adds the honeypot to a form or a model form."""

    website = honeypot_field()


def caught_by_honeypot(request):
    """A POST that filled the honeypot: answer as if it worked, keep nothing."""
    return bool(request.POST.get(HONEYPOT_FIELD))
