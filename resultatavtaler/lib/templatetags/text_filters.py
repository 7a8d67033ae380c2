"""`truncatechars` with a fast path, loaded as a template builtin (config/settings.py) so it
takes the place of Django's filter of the same name in every template.

Django's filter walks the whole text character by character (`unicodedata.combining` on each)
even when the text is shorter than the limit, which is nearly always: on the alignment page,
with ~50 requirement texts, that walk was the largest single cost of rendering. A text of at
most `limit` characters is never cut (combining characters only make it count as shorter), so
it is returned as Django would return it — NFC-normalised — and only a longer text goes through
Django's own truncation."""

import unicodedata

from django import template
from django.template.defaultfilters import stringfilter
from django.template.defaultfilters import truncatechars as django_truncatechars

register = template.Library()


@register.filter(is_safe=True)
@stringfilter
def truncatechars(value: str, arg) -> str:
    try:
        length = int(arg)
    except ValueError:
        return value
    if length > 0 and len(value) <= length:
        return unicodedata.normalize("NFC", value)
    return django_truncatechars(value, arg)
