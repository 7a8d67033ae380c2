from django import template

from resultatavtaler.agreements.models import localized

register = template.Library()


@register.filter
def localized_label(value) -> str:
    """A stored {"nb", "nn", "en"} label in the reader's language."""
    return localized(value)
