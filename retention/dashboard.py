"""Retention runs on the DPO's dashboard: when the purge last ran, or failed."""

from wagtail.admin.ui.components import Component

from home.models import ScheduledJob

PURGE_JOB = "purge_personal_data"


class RetentionPanel(Component):
    name = "retention_runs"
    template_name = "retention/admin/dashboard_panel.html"
    order = 55

    @staticmethod
    def is_shown_to(user):
        return user.has_perm("retention.change_retentionsettings")

    def get_context_data(self, parent_context):
        return {"job": ScheduledJob.objects.filter(name=PURGE_JOB).first()}
