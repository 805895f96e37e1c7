from wagtail import hooks
from wagtail.permissions import register_permission_policy

from home.permission_policies import ReadOnlyPermissionPolicy

from .models import NoticeChangeMailing
from .viewsets import (
    DataSubjectRequestViewSet,
    NoticeChangeMailingViewSet,
    RequestsDeadlinePanel,
)

# Written by the site as it sends: read, never changed, superusers included.
register_permission_policy(
    NoticeChangeMailing, ReadOnlyPermissionPolicy(NoticeChangeMailing)
)


@hooks.register("register_admin_viewset")
def register_data_subject_requests():
    return DataSubjectRequestViewSet(
        "data_subject_requests", url_prefix="privacy/requests"
    )


@hooks.register("register_admin_viewset")
def register_notice_change_mailings():
    return NoticeChangeMailingViewSet(
        "notice_change_mailings", url_prefix="privacy/notice-change-emails"
    )


@hooks.register("construct_homepage_panels")
def data_subject_request_deadlines(request, panels):
    if RequestsDeadlinePanel.is_shown_to(request.user):
        panels.append(RequestsDeadlinePanel(request))
