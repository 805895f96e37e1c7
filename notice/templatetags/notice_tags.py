from django import template
from django.core.cache import cache
from django.utils import translation

from notice.models import NoticeVersion
from notice.publishing import MATERIAL_CACHE_KEY

register = template.Library()

# A day at most; a new version clears the entry as soon as it is committed.
CACHE_SECONDS = 24 * 3600


def _notice_state(language):
    current = NoticeVersion.objects.in_force(language)
    if current is None:
        return {}
    state = {"current": int(current.effective_at.timestamp())}
    material = NoticeVersion.objects.last_material_change(language)
    if material is not None:
        state.update(
            material=int(material.effective_at.timestamp()),
            date=material.effective_date.isoformat(),
            changes_url=material.changes_url,
        )
    return state


@register.simple_tag
def notice_change_state():
    """What the change message needs, the same for every visitor of a language.

    ``current`` and ``material`` are Unix times of the version in force and of
    the latest material change; the visitor's own state stays in their browser.
    """
    language = translation.get_language() or "en"
    key = MATERIAL_CACHE_KEY.format(language=language)
    state = cache.get(key)
    if state is None:
        state = _notice_state(language)
        cache.set(key, state, CACHE_SECONDS)
    return state


@register.simple_tag
def prefill_approval_form(form, task_state):
    """Start the DPO's approval form from what the editor wrote in the page."""
    if form.is_bound or task_state is None:
        return ""
    obj = task_state.revision.as_object()
    form.initial.setdefault("change_summary", getattr(obj, "change_summary", ""))
    form.initial.setdefault("material_change", getattr(obj, "material_change", False))
    return ""
