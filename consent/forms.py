from django import forms
from django.utils.translation import gettext_lazy as _

from .catalogue import get_catalogue
from .models import SOURCE_BANNER, SOURCE_PREFERENCES

CHOICE_ACCEPT = "accept"
CHOICE_REFUSE = "refuse"
CHOICE_CUSTOM = "custom"
CHOICE_CHOOSE = "choose"
CHOICE_GPC = "gpc"


class ConsentForm(forms.Form):
    """One cookie decision, from the banner or the cookie settings page."""

    action = forms.ChoiceField(
        choices=[
            (CHOICE_ACCEPT, _("Accept all")),
            (CHOICE_REFUSE, _("Refuse all")),
            (CHOICE_CUSTOM, _("Save my choices")),
            (CHOICE_CHOOSE, _("Choose")),
            (CHOICE_GPC, _("Global Privacy Control")),
        ],
        error_messages={
            "required": _("Choose “Accept all”, “Refuse all” or “Save my choices”."),
            "invalid_choice": _(
                "This choice is not known. Choose “Accept all”, “Refuse all” "
                "or “Save my choices”."
            ),
        },
    )
    groups = forms.MultipleChoiceField(
        required=False,
        error_messages={
            "invalid_choice": _(
                "One of the cookie groups you chose no longer exists. Reload the "
                "page and choose again."
            )
        },
    )
    source = forms.ChoiceField(
        required=False,
        choices=[(SOURCE_BANNER, SOURCE_BANNER), (SOURCE_PREFERENCES, "page")],
    )
    next = forms.CharField(required=False, max_length=2000)
    gpc = forms.BooleanField(required=False)

    def __init__(self, *args, gpc_header=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.gpc_header = gpc_header
        self.catalogue = get_catalogue()
        self.fields["groups"].choices = [
            (group.varname, group.name) for group in self.catalogue.optional_groups
        ]

    @property
    def gpc_signal(self):
        return self.gpc_header or bool(self.cleaned_data.get("gpc"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == CHOICE_GPC and not self.gpc_signal:
            raise forms.ValidationError(
                _("Your browser did not send a Global Privacy Control signal."),
                code="no_gpc",
            )
        return cleaned

    def chosen_groups(self):
        """Optional group varname -> accepted, for the action taken."""
        action = self.cleaned_data["action"]
        optional = [group.varname for group in self.catalogue.optional_groups]
        if action == CHOICE_ACCEPT:
            return dict.fromkeys(optional, True)
        if action == CHOICE_CUSTOM:
            chosen = set(self.cleaned_data.get("groups") or [])
            return {varname: varname in chosen for varname in optional}
        return dict.fromkeys(optional, False)
