"""The notice's part of ``load_initial_data``: French translation, workflow, rights.

Idempotent: each step creates only what is missing.
"""

from django.apps import apps as django_apps
from wagtail.models import Locale

from home.groups import DPO, grant_model_permissions
from home.models import ContactPage

from . import seed_fr
from .models import PrivacyNoticePage
from .permissions import PUBLISH_PERMISSION
from .publishing import publication_details
from .workflow import ensure_dpo_workflow

FRENCH = "fr"
HOME_INTRO_FR = (
    "<p>MicroScope est une plateforme d'annotation et d'analyse comparative de "
    "génomes microbiens, opérée par le Genoscope du CEA.</p>"
)
FIRST_FRENCH_SUMMARY = "Première version de la traduction française."


def ensure_translation(page, locale, **fields):
    """The page's translation in ``locale``, created and published when missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    with publication_details(change_summary=FIRST_FRENCH_SUMMARY):
        translation.save_revision().publish()
    translation.refresh_from_db()
    return translation, True


def load_notice_data(command, home, notice):
    grant_model_permissions(django_apps, DPO, [PUBLISH_PERMISSION])
    french = Locale.objects.filter(language_code=FRENCH).first()
    notices = [notice]
    if french is not None:
        french_home, created = ensure_translation(home, french, intro=HOME_INTRO_FR)
        if created:
            command.note("the French home page")
        contact = ContactPage.objects.child_of(home).first()
        contact_id = contact.pk if contact else None
        french_notice, created = ensure_translation(
            notice,
            french,
            title=seed_fr.TITLE,
            intro=seed_fr.INTRO,
            body=seed_fr.body(contact_id),
            change_summary=FIRST_FRENCH_SUMMARY,
        )
        if created:
            command.note("the French privacy notice")
        notices.append(french_notice)
    notices = [PrivacyNoticePage.objects.get(pk=page.pk) for page in notices]
    for what in ensure_dpo_workflow(notices):
        command.note(what)
