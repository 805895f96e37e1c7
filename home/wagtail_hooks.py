from wagtail import hooks


@hooks.register("filter_form_submissions_for_user")
def only_data_protection_sees_submissions(user, editable_forms):
    """Contact messages are personal data: only those allowed to view them may.

    Editors can still edit the contact page itself.
    """
    if user.has_perm("wagtailforms.view_formsubmission"):
        return editable_forms
    return editable_forms.none()
