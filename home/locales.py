"""The visitor's locale, looked up once per language and process.

Wagtail's ``localized`` asks the database for the active ``Locale`` each time
it is read. A page whose menu and footer hold a dozen links ran twenty-five
identical queries to render, and every publication makes pages render again.
"""

from django.conf import settings
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import DraftStateMixin, Locale

# Language code -> Locale id (None when the language has no locale yet).
_ids = {}


def forget(**kwargs):
    """Look the locales up again: one was created, changed or deleted."""
    _ids.clear()


def active_locale_id():
    try:
        code = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return None
    if code not in _ids:
        _ids[code] = (
            Locale.objects.filter(language_code=code)
            .values_list("id", flat=True)
            .first()
        )
    return _ids[code]


def localized(obj):
    """What ``obj.localized`` gives: its live translation in the active
    language, else ``obj`` itself."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return obj
    locale_id = active_locale_id()
    if locale_id is None or locale_id == obj.locale_id:
        return obj
    found = obj.get_translation_or_none(locale_id)
    if found is None or (isinstance(obj, DraftStateMixin) and not found.live):
        return obj
    return found


def connect():
    from django.db.models.signals import post_delete, post_save

    post_save.connect(forget, sender=Locale, dispatch_uid="locales-saved")
    post_delete.connect(forget, sender=Locale, dispatch_uid="locales-deleted")
