from cookie_consent.models import Cookie, CookieGroup
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from home.permission_policies import ReadOnlyPermissionPolicy

from .initial_data import ensure_cookie_groups
from .models import ConsentRecord, CookieDetails
from .reports import ConsentReportViewSet

# The ledger is proof: it can be read and exported, never changed.
register_permission_policy(ConsentRecord, ReadOnlyPermissionPolicy(ConsentRecord))


class CookieForm(WagtailAdminModelForm):
    lifetime = forms.CharField(
        label=_("Lifetime"),
        max_length=100,
        required=False,
        help_text=CookieDetails._meta.get_field("lifetime").help_text,
    )
    provider = forms.CharField(
        label=_("Provider"),
        max_length=100,
        required=False,
        help_text=CookieDetails._meta.get_field("provider").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        details = CookieDetails.objects.filter(cookie_id=self.instance.pk).first()
        if details and not self.is_bound:
            self.initial.update(lifetime=details.lifetime, provider=details.provider)

    def save(self, commit=True):
        cookie = super().save(commit=commit)
        if commit:
            CookieDetails.objects.update_or_create(
                cookie=cookie,
                defaults={
                    "lifetime": self.cleaned_data.get("lifetime", ""),
                    "provider": self.cleaned_data.get("provider", ""),
                },
            )
        return cookie


class CookieGroupViewSet(ModelViewSet):
    model = CookieGroup
    icon = "folder-open-inverse"
    menu_label = _("Cookie groups")
    url_prefix = "cookie-groups"
    list_display = ["name", "varname", "is_required", "ordering"]
    search_fields = ["name", "varname"]
    search_backend_name = None
    copy_view_enabled = False
    panels = [
        FieldPanel("name"),
        FieldPanel("varname"),
        FieldPanel("description"),
        FieldPanel("is_required"),
        FieldPanel("is_deletable"),
        FieldPanel("ordering"),
    ]


class CookieViewSet(ModelViewSet):
    model = Cookie
    icon = "doc-full"
    menu_label = _("Cookie declarations")
    url_prefix = "cookie-declarations"
    list_display = ["name", "cookiegroup", "domain", "created"]
    list_filter = ["cookiegroup"]
    search_fields = ["name", "description"]
    search_backend_name = None
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("cookiegroup"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("lifetime"),
            FieldPanel("provider"),
            FieldPanel("domain"),
            FieldPanel("path"),
        ],
        base_form_class=CookieForm,
    )


class ConsentLedgerViewSet(ModelViewSet):
    model = ConsentRecord
    icon = "clipboard-list"
    menu_label = _("Consent ledger")
    url_prefix = "consent-ledger"
    list_display = [
        "consent_id",
        "created_at",
        "action",
        "outcome",
        "notice_version",
        "source",
        "gpc",
    ]
    list_filter = ["action", "source", "gpc"]
    search_fields = ["consent_id"]
    search_backend_name = None
    list_export = [
        "consent_id",
        "created_at",
        "action",
        "choices",
        "notice_version",
        "text_sha256",
        "source",
        "gpc",
        "language",
    ]
    export_headings = {"text_sha256": _("SHA-256 of the text shown")}
    export_filename = "consent-ledger"
    inspect_view_enabled = True
    inspect_view_fields = [
        "consent_id",
        "created_at",
        "action",
        "choices",
        "notice_version",
        "source",
        "gpc",
        "language",
        "text",
    ]
    copy_view_enabled = False
    form_fields = ["consent_id"]


class CookiesViewSetGroup(ViewSetGroup):
    menu_label = _("Cookies")
    menu_icon = "lock"
    menu_order = 800
    items = (
        CookieGroupViewSet,
        CookieViewSet,
        ConsentLedgerViewSet,
        ConsentReportViewSet("consent_report", url_prefix="consent-report"),
    )


@hooks.register("register_admin_viewset")
def register_cookie_viewsets():
    return CookiesViewSetGroup()


@hooks.register("load_initial_data_prerequisites")
def create_cookie_groups(command, **kwargs):
    ensure_cookie_groups(note=command.note)
