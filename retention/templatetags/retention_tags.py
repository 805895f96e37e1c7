from django import template

from retention import periods

register = template.Library()


@register.simple_tag
def retention_periods():
    """Every period in force, as (what, how long) pairs in the active language."""
    return periods.shown()
