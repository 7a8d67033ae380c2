from django import template

from resultatavtaler.feedback.constants import RaterGroup
from resultatavtaler.feedback.models import pick_language

register = template.Library()


@register.filter
def pick(texts):
    """{"nb": ..., "nn": ..., "en": ...} → the text in the active language."""
    return pick_language(texts or {})


@register.filter
def get(mapping, key):
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def group_label(group):
    try:
        return RaterGroup(group).label
    except ValueError:
        return group


@register.filter
def signed(value):
    """A gap as "+0.4" / "−0.4" (one decimal, localised separator)."""
    from django.template.defaultfilters import floatformat

    if value is None:
        return ""
    text = floatformat(abs(value), 1)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text
