from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import HONEYPOT_FIELD, HoneypotMixin
from home.validators import validate_mailbox

from .models import DataSubjectRequest, RequestKind

EMAIL_ERRORS = {
    "required": _("Please enter your email address."),
    "invalid": _("Please enter a valid email address."),
}


class LinkRequestForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
        validators=[validate_mailbox],
        help_text=_(
            "If this address is on file, a link to your data arrives in a few "
            "minutes. It works once, for 30 minutes."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["email", HONEYPOT_FIELD]


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that my record, my consents and my visit history will "
            "be deleted for good and cannot be restored."
        ),
        error_messages={
            "required": _(
                "Please tick the box to confirm that you want to erase your data."
            )
        },
    )


class DataSubjectRequestForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = DataSubjectRequest
        fields = ["kind", "full_name", "email", "message"]
        labels = {
            "kind": _("What would you like to do?"),
            "full_name": _("Your full name"),
            "email": _("Your email address"),
            "message": _("Your request"),
        }
        help_texts = {
            "email": _("The answer is sent to this address."),
            "message": _(
                "Say what you are asking for and, for an objection, why. Never "
                "send identity documents: the address you write from is enough "
                "to start."
            ),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "kind": {"required": _("Please choose what you would like to do.")},
            "full_name": {"required": _("Please enter your full name.")},
            "email": EMAIL_ERRORS,
            "message": {"required": _("Please describe your request.")},
        }

    field_order = ["kind", "full_name", "email", "message", HONEYPOT_FIELD]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose…")), *RequestKind.choices]
