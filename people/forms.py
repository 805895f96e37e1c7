from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import HoneypotMixin
from home.validators import validate_mailbox

from .models import Person


class PersonForm(forms.ModelForm):
    """The fields of a record as the person fills them in."""

    class Meta:
        model = Person
        fields = ["full_name", "email", "laboratory", "address", "country"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        labels = {"laboratory": _("Laboratory or institution")}
        error_messages = {
            "full_name": {"required": _("Please enter your full name.")},
            "email": {
                "required": _("Please enter your email address."),
                "invalid": _("Please enter a valid email address."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's own check of the address is left out below with its
        # uniqueness, so the form runs it itself.
        self.fields["email"].validators.append(validate_mailbox)

    def _get_validation_exclusions(self):
        # Whether the address is already on file is not the form's to say:
        # the views answer alike for a new and a known address, and the
        # database's constraint decides when the record is saved. (Model
        # forms have no public hook to leave one constraint out.)
        return super()._get_validation_exclusions() | {"email"}


class RegistrationForm(HoneypotMixin, PersonForm):
    """Sign-up: the record counts once the emailed confirmation link is followed."""

    newsletter = forms.BooleanField(
        label=_("Send me the MicroScope newsletter (about four a year)."),
        required=False,
        initial=False,
        help_text=_("You can withdraw this consent at any time from “Manage my data”."),
    )

    class Meta(PersonForm.Meta):
        help_texts = {
            "email": _("A confirmation link is sent to this address."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"


class ProfileForm(PersonForm):
    """Rectification (GDPR art. 16) from "Manage my data".

    A new email address is not saved from here: it is confirmed from that
    address first (``people.email_change``), which also keeps this form
    from telling whether another record holds it.
    """
