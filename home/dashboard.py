"""The site's health on every staff member's dashboard.

Only failing checks are listed, by name and message (staff may see them, as
on /health/ when signed in); a healthy site shows one line.
"""

from wagtail.admin.ui.components import Component

from . import health


class HealthPanel(Component):
    name = "site_health"
    template_name = "home/admin/health_panel.html"
    order = 10

    def get_context_data(self, parent_context):
        results = health.run_checks()
        failing = [result for result in results if result.error is not None]
        return {"failing": failing, "count": len(results)}
