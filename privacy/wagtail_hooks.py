"""Admin wiring of the personal-data domain, one module per concept."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from privacy.cookies import wagtail_hooks as cookies_hooks  # noqa: F401
from privacy.notice.initial_data import load_notice_data
from privacy.people.admin import RegisteredUserViewSet
from privacy.rights.admin import DataSubjectRequestViewSet, add_deadline_panel
from privacy.visits.admin import VisitStatisticsViewSet


class PersonalDataGroup(ViewSetGroup):
    menu_label = _("Personal data")
    menu_icon = "lock"
    menu_order = 250
    items = (
        RegisteredUserViewSet(),
        DataSubjectRequestViewSet(
            "data_subject_requests", url_prefix="privacy/requests"
        ),
        VisitStatisticsViewSet("visit_statistics", url_prefix="privacy/visits"),
    )


@hooks.register("register_admin_viewset")
def register_personal_data():
    return PersonalDataGroup()


@hooks.register("construct_homepage_panels")
def data_subject_request_deadlines(request, panels):
    add_deadline_panel(request, panels)


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    actions.register_action(
        "privacy.export", _("Export personal data"), _("Exported the person's data")
    )


@hooks.register("load_initial_data_prerequisites")
def retention_periods(command, **kwargs):
    from privacy.retention.models import RetentionSettings

    if not RetentionSettings.objects.exists():
        RetentionSettings.objects.create()
        command.note("the retention periods (Settings › Retention periods)")


@hooks.register("load_initial_data")
def notice_initial_data(command, home, notice):
    load_notice_data(command, home=home, notice=notice)
