from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import EXPORT_ACTION, MARK_ACTIVE_ACTION, PersonViewSet

register_snippet(PersonViewSet)


@hooks.register("register_log_actions")
def register_people_log_actions(actions):
    actions.register_action(
        EXPORT_ACTION, _("Export personal data"), _("Exported the person's data")
    )
    actions.register_action(
        MARK_ACTIVE_ACTION,
        _("Mark as active"),
        _("Marked as active: the inactivity period starts again"),
    )
