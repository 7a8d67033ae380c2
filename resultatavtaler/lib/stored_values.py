"""Numbers and dates as an agreement stores them — in its rows (Decimal, date) or in a
version's JSON snapshot (strings and floats, ISO dates) — read back into one form, for the pages
(`agreements/templatetags/indicator_text.py`) and the documents (`reports/document.py`)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone


def stored_decimal(value) -> Decimal | None:
    """The number without trailing zeros (6.500 → 6.5, 10.000 → 10); None when empty or not a
    number."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return None
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def stored_date(value) -> datetime.date | None:
    """The day of a date, a datetime (in Europe/Oslo when aware) or an ISO string; None when
    empty or unreadable."""
    if not value:
        return None
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value) if "T" in value else datetime.date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value if isinstance(value, datetime.date) else None
