"""The notice's part of ``load_initial_data``: the notice in every language,
its DPO approval workflow, and who may publish it.

Idempotent: each step creates only what is missing.
"""

from django.apps import apps as django_apps
from wagtail.models import Locale

from home.groups import DPO, grant_model_permissions
from home.models import ContactPage

from .initial_text import en, fr
from .models import PrivacyNoticePage
from .permissions import PUBLISH_PERMISSION
from .publishing import publish_revision
from .workflow import ensure_dpo_workflow

FRENCH = "fr"
FIRST_FRENCH_SUMMARY = "Première version de la traduction française."


def ensure_notice(command, home, contact):
    """The notice in the reference language, first published on its real date."""
    page = PrivacyNoticePage.objects.child_of(home).filter(slug="privacy").first()
    if page:
        return page
    page = PrivacyNoticePage(
        title=en.TITLE,
        slug="privacy",
        intro=en.INTRO,
        body=en.body(contact.pk if contact else None),
    )
    home.add_child(instance=page)
    first = en.first_version_datetime()
    publish_revision(
        page.save_revision(),
        effective_at=first,
        change_summary=en.FIRST_VERSION_SUMMARY,
    )
    PrivacyNoticePage.objects.filter(pk=page.pk).update(
        first_published_at=first, last_published_at=first
    )
    page.refresh_from_db()
    command.note("the privacy notice")
    return page


def ensure_french_notice(command, notice, french, contact):
    existing = notice.get_translation_or_none(french)
    if existing is not None:
        return existing.specific
    translation = notice.copy_for_translation(french)
    translation.title = fr.TITLE
    translation.intro = fr.INTRO
    translation.body = fr.body(contact.pk if contact else None)
    in_force = notice.current_version
    translation.translates_version = in_force.number if in_force else None
    translation.save()
    publish_revision(translation.save_revision(), change_summary=FIRST_FRENCH_SUMMARY)
    command.note("the French privacy notice")
    return PrivacyNoticePage.objects.get(pk=translation.pk)


def load_notice_data(command, home):
    grant_model_permissions(django_apps, DPO, [PUBLISH_PERMISSION])
    contact = ContactPage.objects.child_of(home).first()
    notices = [ensure_notice(command, home, contact)]
    french = Locale.objects.filter(language_code=FRENCH).first()
    french_home = home.get_translation_or_none(french) if french else None
    if french_home is not None:
        french_contact = contact.get_translation_or_none(french) if contact else None
        notices.append(
            ensure_french_notice(command, notices[0], french, french_contact or contact)
        )
    for what in ensure_dpo_workflow(notices):
        command.note(what)
