from wagtail import hooks

from .viewsets import VisitStatisticsViewSet


@hooks.register("register_admin_viewset")
def register_visit_statistics():
    return VisitStatisticsViewSet("visit_statistics", url_prefix="privacy/visits")
