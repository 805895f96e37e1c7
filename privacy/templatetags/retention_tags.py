from django import template

from privacy.retention.models import RetentionSettings

register = template.Library()


@register.simple_tag
def retention_periods():
    """The periods in force, as (what, how long) pairs in the active language."""
    return RetentionSettings.current().periods()
