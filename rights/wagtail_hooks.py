from wagtail import hooks

from .viewsets import DataSubjectRequestViewSet, RequestsDeadlinePanel


@hooks.register("register_admin_viewset")
def register_data_subject_requests():
    return DataSubjectRequestViewSet(
        "data_subject_requests", url_prefix="privacy/requests"
    )


@hooks.register("construct_homepage_panels")
def data_subject_request_deadlines(request, panels):
    if RequestsDeadlinePanel.is_shown_to(request.user):
        panels.append(RequestsDeadlinePanel(request))
