from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import NavigationViewSet, PersonalDataMenu

register_snippet(NavigationViewSet)


@hooks.register("register_admin_viewset")
def register_personal_data_menu():
    return PersonalDataMenu()


@hooks.register("filter_form_submissions_for_user")
def only_data_protection_sees_submissions(user, editable_forms):
    """Contact messages are personal data: only those allowed to view them may.

    Editors can still edit the contact page itself.
    """
    if user.has_perm("wagtailforms.view_formsubmission"):
        return editable_forms
    return editable_forms.none()


@hooks.register("construct_homepage_panels")
def site_health_panel(request, panels):
    from .dashboard import HealthPanel

    panels.append(HealthPanel())
