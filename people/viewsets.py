"""The DPO's view of registered users: list, search, export, inspect, history.

Saving and deleting go through ``services`` so that the admin writes the
same ledger rows and announcements as self-service, and deleting is the full
erasure.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.auth import user_passes_test
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    InspectView,
    SnippetViewSet,
)

from home.exports import SafeCSVExportMixin
from home.viewsets import PERSONAL_DATA_MENU_HOOK

from . import activity, email_change, export, services
from .erasure import erase_person
from .models import RECORD_FIELDS, ConsentEvent, Person

SOURCE = "admin"
EXPORT_ACTION = "people.export"
MARK_ACTIVE_ACTION = "people.mark_active"
CHANGE_PERMISSION = "people.change_person"
VIEW_PERMISSION = "people.view_person"

# Wagtail lets any admin user open a snippet's chooser, and lets a user with
# any one of add/change/delete into the listing: every view of a registered
# user needs the view permission, which only the DPO group holds.
can_view_people = user_passes_test(lambda user: user.has_perm(VIEW_PERMISSION))


def guarded(urlpatterns):
    """The same URLs, each behind ``people.view_person``."""
    return [
        URLPattern(
            pattern.pattern,
            can_view_people(pattern.callback),
            pattern.default_args,
            pattern.name,
        )
        for pattern in urlpatterns
    ]


class PersonCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        person = services.register(
            full_name=data["full_name"],
            email=data["email"],
            laboratory=data.get("laboratory", ""),
            address=data.get("address", ""),
            country=data.get("country", ""),
            source=SOURCE,
            confirmed=True,
        )
        if data.get("processing_restricted"):
            services.set_restricted(person, True, source=SOURCE)
        log(instance=person, action="wagtail.create", user=self.request.user)
        return person


class PersonEditView(EditView):
    """The DPO corrects a record at once, except its email address.

    A new address is confirmed from that address first, as in "Manage my
    data": otherwise the admin could subscribe anyone to the newsletter.
    """

    new_email = None

    def save_instance(self):
        # The form has already written its values on self.object; the service
        # compares against the stored record.
        person = Person.objects.get(pk=self.object.pk)
        data = self.form.cleaned_data
        fields = {name: data[name] for name in services.PROFILE_FIELDS}
        if email_change.differs(person, fields["email"]):
            self.new_email = fields.pop("email").strip()
        changed = services.update_profile(person, source=SOURCE, **fields)
        if services.set_restricted(
            person, data["processing_restricted"], source=SOURCE
        ):
            changed.add("processing_restricted")
        if self.new_email:
            email_change.start(self.request, person, self.new_email, source=SOURCE)
        if changed or self.new_email:
            log(instance=person, action="wagtail.edit", user=self.request.user)
        return person

    def get_success_message(self):
        message = super().get_success_message()
        if self.new_email:
            message = _(
                "%(saved)s The new email address replaces the current one once "
                "the link sent to it is followed; the current address has been "
                "told of the request."
            ) % {"saved": message}
        return message


class PersonDeleteView(DeleteView):
    page_title = gettext_lazy("Erase")

    def confirmation_message(self):
        return _(
            "Erase this registered user? Their record, visit log, access links, "
            "contact messages and the history entries naming them are deleted "
            "everywhere on the site. Only the pseudonymous consent ledger remains. "
            "This cannot be undone."
        )

    def get_success_message(self):
        return _("The registered user has been erased.")

    def delete_action(self):
        erase_person(self.object, source=SOURCE, user=self.request.user)


class PersonInspectView(InspectView):
    extra_fields = {
        "consent_history": gettext_lazy("Consent history"),
        "visit_log": gettext_lazy("Visit log rows"),
    }

    def get_field_label(self, field_name, field):
        if field_name in self.extra_fields:
            return self.extra_fields[field_name]
        return super().get_field_label(field_name, field)

    def get_context_for_field(self, field_name):
        if field_name in self.extra_fields:
            return {
                "label": self.extra_fields[field_name],
                "value": getattr(self, f"get_{field_name}_display_value")(),
                "component": None,
            }
        return super().get_context_for_field(field_name)

    def get_consent_history_display_value(self):
        events = ConsentEvent.objects.filter(
            person_public_id=self.object.public_id
        ).order_by("occurred_at", "pk")
        return mark_safe(  # noqa: S308 - rendered by an autoescaping template
            render_to_string("people/admin/consent_history.html", {"events": events})
        )

    def get_visit_log_display_value(self):
        data = export.person_data(self.object)
        return _("%(count)d page views linked to this person.") % {
            "count": len(data["visits"])
        }

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.user_has_permission("view"):
            buttons.append(
                Button(
                    _("Export data (JSON)"),
                    url=reverse(
                        "wagtailsnippets_people_person:export",
                        args=[self.object.pk],
                    ),
                    icon_name="download",
                    priority=15,
                )
            )
        if self.request.user.has_perm(CHANGE_PERMISSION):
            buttons.append(
                Button(
                    _("Mark as active"),
                    url=reverse(
                        "wagtailsnippets_people_person:mark_active",
                        args=[self.object.pk],
                    ),
                    icon_name="user",
                    priority=20,
                )
            )
        return buttons


class MarkActiveView(WagtailAdminTemplateMixin, View):
    """The DPO records that the person got in touch some other way.

    GET asks, POST acts: the inactivity clock starts again and any warning
    is withdrawn, as for the person's own activity.
    """

    template_name = "people/admin/mark_active.html"
    page_title = gettext_lazy("Mark as active")
    header_icon = "user"

    def dispatch(self, request, pk):
        if not request.user.has_perm(CHANGE_PERMISSION):
            raise PermissionDenied
        self.person = get_object_or_404(Person, pk=pk)
        return super().dispatch(request, pk)

    def inspect_url(self):
        return reverse("wagtailsnippets_people_person:inspect", args=[self.person.pk])

    def get(self, request, pk):
        return self.render_to_response(
            self.get_context_data(person=self.person, inspect_url=self.inspect_url())
        )

    def post(self, request, pk):
        activity.record_activity(self.person, activity.ADMIN)
        log(
            instance=self.person,
            action=MARK_ACTIVE_ACTION,
            user=request.user,
            title=_("Registered user %(id)s") % {"id": self.person.pk},
        )
        messages.success(
            request,
            _("The registered user is marked as active; their period starts again."),
        )
        return redirect(self.inspect_url())


class PersonChooserViewSet(SnippetChooserViewSet):
    def get_urlpatterns(self):
        return guarded(super().get_urlpatterns())


class PersonIndexView(SafeCSVExportMixin, IndexView):
    """The list, whose CSV export runs no formula typed in a record."""


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = gettext_lazy("Registered users")
    menu_name = "registered-users"
    menu_hook = PERSONAL_DATA_MENU_HOOK
    menu_order = 1
    index_view_class = PersonIndexView
    add_view_class = PersonCreateView
    edit_view_class = PersonEditView
    delete_view_class = PersonDeleteView
    inspect_view_class = PersonInspectView
    chooser_viewset_class = PersonChooserViewSet
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "full_name",
        "email",
        "laboratory",
        "country",
        "newsletter_consent",
        "processing_restricted",
        "confirmed_at",
    ]
    list_filter = ["country", "processing_restricted", "newsletter_consent"]
    search_fields = ["full_name", "email", "laboratory"]
    search_backend_name = None
    list_export = list(RECORD_FIELDS)
    export_filename = "registered-users"
    inspect_view_fields = [*RECORD_FIELDS, "consent_history", "visit_log"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("full_name"),
                FieldPanel("email"),
                FieldPanel("laboratory"),
                FieldPanel("address"),
                FieldPanel("country"),
            ],
            heading=gettext_lazy("Identity and affiliation"),
        ),
        FieldPanel(
            "processing_restricted",
            help_text=gettext_lazy(
                "GDPR art. 18: keep the record but leave the person out of "
                "newsletters and statistics."
            ),
        ),
    ]

    def get_urlpatterns(self):
        return guarded(
            [
                *super().get_urlpatterns(),
                path("export/<int:pk>/", self.export_view, name="export"),
                path(
                    "mark-active/<int:pk>/",
                    MarkActiveView.as_view(),
                    name="mark_active",
                ),
            ]
        )

    def export_view(self, request, pk):
        person = get_object_or_404(Person, pk=pk)
        response = HttpResponse(
            export.as_json(export.person_data(person)),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="registered-user-{person.public_id}.json"'
        )
        log(
            instance=person,
            action=EXPORT_ACTION,
            user=request.user,
            title=_("Registered user %(id)s") % {"id": person.pk},
        )
        return response
