"""Which scale an evaluation uses, and how a value is stored with its label (DESIGN.md §2:
stored values keep their scale)."""

from django.utils.translation import gettext as _

from resultatavtaler.agreements.builtin.common import SEED_SCALE
from resultatavtaler.agreements.models import localized
from resultatavtaler.core_errors import DomainError

from .models import Scale

LANGS = ("nb", "nn", "en")
MIN_LEVELS, MAX_LEVELS = 2, 10


def scale_for(agreement) -> list[dict]:
    """The organisation's scale in use, else the agreement's template scale, else the seed's
    three levels (liten grad / tilfredsstillende / stor grad)."""
    custom = Scale.objects.filter(organisation_id=agreement.organisation_id, in_use=True).first()
    if custom is not None:
        return custom.levels
    return agreement.template_version.scale or SEED_SCALE


def level(scale: list[dict], value) -> dict | None:
    return next((lv for lv in scale if lv["value"] == value), None)


def clean_value(scale: list[dict], raw) -> int | None:
    """A submitted value as an int on the scale, None when empty; anything else is refused."""
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise DomainError(_("Choose a level of the scale.")) from None
    if level(scale, value) is None:
        raise DomainError(_("Choose a level of the scale."))
    return value


def label_of(scale: list[dict], value) -> dict:
    lv = level(scale, value)
    return dict(lv["label"]) if lv else {}


def label_text(label, language: str | None = None) -> str:
    return localized(label, language)


def validate_levels(levels: list[dict]) -> list[dict]:
    """2–10 levels, whole numbers in ascending order, each with a label in bokmål, nynorsk and
    English."""
    if not isinstance(levels, list) or not (MIN_LEVELS <= len(levels) <= MAX_LEVELS):
        raise DomainError(_("A scale has from %(min)d to %(max)d levels.") % {"min": MIN_LEVELS, "max": MAX_LEVELS})
    out, previous = [], None
    for lv in levels:
        try:
            value = int(lv["value"])
        except (KeyError, TypeError, ValueError):
            raise DomainError(_("Each level needs a whole number as its value.")) from None
        if previous is not None and value <= previous:
            raise DomainError(_("The levels' values must rise from the lowest to the highest."))
        label = {lang: str((lv.get("label") or {}).get(lang, "")).strip()[:120] for lang in LANGS}
        if not all(label.values()):
            raise DomainError(_("Each level needs a label in bokmål, nynorsk and English."))
        out.append({"value": value, "label": label})
        previous = value
    return out
