"""Visit statistics for the DPO and communications: counts only, no addresses."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from home.viewsets import PERSONAL_DATA_MENU_HOOK

from . import buffer, stats

PERMISSION = "visits.view_statistics"
PERIODS = (7, 30, 90, 365)


class VisitStatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "visits/admin/visit_statistics.html"
    page_title = gettext_lazy("Visit statistics")
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            days = int(self.request.GET.get("days", 30))
        except ValueError:
            days = 30
        if days not in PERIODS:
            days = 30
        buffer.flush()
        stats.aggregate_pending()
        context.update(stats.report(days=days))
        context["periods"] = PERIODS
        context["days"] = days
        return context


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class VisitStatisticsViewSet(ViewSet):
    icon = "view"
    menu_label = gettext_lazy("Visit statistics")
    menu_name = "visit-statistics"
    menu_hook = PERSONAL_DATA_MENU_HOOK
    menu_order = 3
    menu_item_class = StatisticsMenuItem

    def get_urlpatterns(self):
        return [path("", VisitStatisticsView.as_view(), name="index")]
