"""Validators shared by several apps."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def is_valid_organisation_number(value: str) -> bool:
    """A Norwegian organisation number: 9 digits, the last a mod-11 check digit
    (Brønnøysundregistrene's weights 3 2 7 6 5 4 3 2)."""
    if not isinstance(value, str) or len(value) != 9 or not value.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:8], _ORGNR_WEIGHTS, strict=True))
    remainder = total % 11
    check = 0 if remainder == 0 else 11 - remainder
    if check == 10:
        return False
    return check == int(value[8])


def validate_organisation_number(value: str) -> None:
    if not is_valid_organisation_number(value):
        raise ValidationError(
            _("%(value)s is not a valid organisation number (9 digits with a correct check digit)."),
            code="invalid_orgnr",
            params={"value": value},
        )
