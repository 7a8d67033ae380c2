"""The target of an indicator as one phrase after its text: " – target 5 % by 31.12.2026
(baseline 6.2 %)", one whole translatable phrase per combination of the parts present (bokmål
and nynorsk order and inflect them differently).

    {% load indicator_text %}
    {{ i.text }}{% indicator_target target=i.target_value unit=i.unit deadline=i.deadline baseline=i.baseline %}

Pass the indicator's values as stored: numbers (Decimal, or the strings and floats of a
version's JSON) print without trailing zeros in the language's format ("6,5", not "6,500"),
dates (or ISO strings) as 31.12.2026 (DESIGN.md §6); "" or None leaves a part out. Every value
is escaped. A tag rather than an included template: on the agreement and review pages, one
include with four translatable phrases per indicator cost more than the rest of the
indicator's row (docs/performance.md §26).
"""

from html import escape

from django import template
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from resultatavtaler.lib.stored_values import stored_date, stored_decimal

register = template.Library()


def _number(value) -> str:
    number = stored_decimal(value)
    if number is None:
        return "" if value in (None, "") else str(value)
    return formats.number_format(number)


def _date(value) -> str:
    day = stored_date(value)
    if day is None:
        return "" if not value else str(value)
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@register.simple_tag
def indicator_target(*, target=None, unit="", deadline=None, baseline=None) -> str:
    target, deadline, baseline = _number(target), _date(deadline), _number(baseline)
    values = {
        "target": escape(target),
        "unit": escape(unit or ""),
        "deadline": escape(deadline),
        "baseline": escape(baseline),
    }
    out = ""
    if target or deadline:
        if target:
            if unit and deadline:
                phrase = gettext("target %(target)s %(unit)s by %(deadline)s")
            elif unit:
                phrase = gettext("target %(target)s %(unit)s")
            elif deadline:
                phrase = gettext("target %(target)s by %(deadline)s")
            else:
                phrase = gettext("target %(target)s")
        else:
            phrase = gettext("deadline %(deadline)s")
        out = " – " + phrase % values
    if baseline:
        phrase = gettext("baseline %(baseline)s %(unit)s") if unit else gettext("baseline %(baseline)s")
        out += f" ({phrase % values})"
    # Safe: the values are escaped above; the phrases come from the product's own catalogues.
    return mark_safe(out)  # noqa: S308  # nosec B308 B703
