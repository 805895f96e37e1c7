"""The dashboard tells editors and the DPO when a translated notice is behind."""

from wagtail.admin.ui.components import Component

from .models import translations_behind
from .permissions import PUBLISH_PERMISSION


class TranslationsBehindPanel(Component):
    name = "notice_translations_behind"
    template_name = "notice/admin/translations_behind_panel.html"
    order = 45

    def __init__(self, statuses):
        self.statuses = statuses

    @classmethod
    def for_user(cls, user):
        """The panel for ``user``, or None when nothing in their care is behind."""
        statuses = [
            status
            for status in translations_behind()
            if user.has_perm(PUBLISH_PERMISSION)
            or status.translation.page.permissions_for_user(user).can_edit()
        ]
        return cls(statuses) if statuses else None

    def get_context_data(self, parent_context):
        return {"statuses": self.statuses}
