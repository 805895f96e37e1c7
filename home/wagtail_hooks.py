from wagtail import hooks


@hooks.register("filter_form_submissions_for_user")
def only_data_protection_sees_submissions(user, editable_forms):
    """Contact messages are personal data: only those allowed to view them may.

    Editors can still edit the contact page itself.
    """
    if user.has_perm("wagtailforms.view_formsubmission"):
        return editable_forms
    return editable_forms.none()


FRENCH = "fr"
FRENCH_CONTACT_INTRO = (
    "<p>Écrivez à l’équipe MicroScope. Choisissez « Protection des données » "
    "pour joindre directement le délégué à la protection des données.</p>"
)
FRENCH_CONTACT_SUBJECT = "Message depuis le site MicroScope"
# Keyed by clean_name, which must not change: submissions and the Reply-To
# address read the fields by it.
FRENCH_FIELD_LABELS = {
    "your_name": "Votre nom",
    "email": "Adresse électronique",
    "message": "Message",
}


@hooks.register("load_initial_data", order=10)
def french_contact_page(command, home, **kwargs):
    """The contact form in French at /fr/contact/, linked from French pages.

    Runs after the privacy hooks (order 0), which create the French home page.
    """
    from wagtail.models import Locale

    from home.models import ContactPage

    french = Locale.objects.filter(language_code=FRENCH).first()
    contact = ContactPage.objects.child_of(home).first()
    if french is None or contact is None:
        return
    if home.get_translation_or_none(french) is None:
        return
    if contact.get_translation_or_none(french) is not None:
        return
    copy = contact.copy_for_translation(french)
    for field in copy.form_fields.model.objects.filter(page=copy):
        field.label = FRENCH_FIELD_LABELS.get(field.clean_name, field.label)
        field.save()
    translation = ContactPage.objects.get(pk=copy.pk)
    translation.intro = FRENCH_CONTACT_INTRO
    translation.subject = FRENCH_CONTACT_SUBJECT
    translation.save()
    translation.save_revision().publish()
    command.note("the French contact page")
