"""No lost updates for the simple edit forms (periods, goals, common requirements, the 360
question bank, measurements, development plan items, scales).

The agreement carries an integer `lock_version`, the self-evaluation and assessment their
`updated_at`; the records here have neither, so their version is derived from what the form
edits: a short SHA-256 of the stored values of those fields. The form carries the version it
was made from (a hidden field); the service, holding the row lock, compares it with the
version of the stored row. A save over a newer version is refused (DomainError, code "stale",
409), nothing is written, and the message says what the stored row now holds where it differs
from what was typed — as the evaluation forms do. The caller gives the refusal's first sentence
whole, naming its record ("Someone else saved the period …"): Norwegian inflects the noun and
the pronoun after it, so a noun cannot be slotted into a shared sentence.

A change that is undone again gives the old version back; that is harmless, since what the
form was made from is then what is stored.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from resultatavtaler.core_errors import DomainError

STALE = "stale"


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _stored(obj: models.Model, field: str) -> Any:
    """A field's stored value; a foreign key by its id (no query)."""
    try:
        f = obj._meta.get_field(field)
    except FieldDoesNotExist:  # a property or an attribute set by the caller
        return getattr(obj, field, None)
    if f.is_relation and f.many_to_one:
        return getattr(obj, f.attname)
    return getattr(obj, field)


def edit_version(obj: models.Model | None, fields: Iterable[str], extra: Any = None) -> str:
    """The version of `obj` for a form that edits `fields` ("" for no object). `extra` adds
    what belongs to the record but lives elsewhere (e.g. a scale's levels)."""
    if obj is None or obj.pk is None:
        return ""
    payload = {f: _plain(_stored(obj, f)) for f in fields}
    if extra is not None:
        payload["_extra"] = _plain(extra)
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value) or "–"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(v)}" for k, v in value.items()) or "–"
    text = str(value)
    return text if len(text) <= 200 else text[:200] + "…"


def check_edit_version(
    obj: models.Model,
    expected: str | None,
    *,
    fields: Iterable[str],
    refusal: str,
    labels: Mapping[str, str] | None = None,
    typed: Mapping[str, Any] | None = None,
    extra: Any = None,
    describe_extra: str = "",
) -> None:
    """Refuse (code "stale", 409) when `obj` — read under the row lock — is no longer the
    version `expected` the form was made from. `expected` None means the caller does not
    track versions (the API, the services' own callers) and skips the check.

    `refusal` is the message's first sentence, translated and whole, e.g. _("Someone else saved
    the goal while you were working on it, and nothing of yours was saved.").

    The message names each field whose stored value differs from what was typed (`typed`;
    without it, every field of the form), with the stored value, so the editor sees what the
    newer version holds before making their change again."""
    if expected is None:
        return
    fields = list(fields)
    if str(expected) == edit_version(obj, fields, extra):
        return
    labels = labels or {}
    typed = typed or {}
    changes = []
    for f in fields:
        stored = _stored(obj, f)
        if f in typed and _plain(typed[f]) == _plain(stored):
            continue
        try:
            model_field = obj._meta.get_field(f)
        except FieldDoesNotExist:
            model_field = None
        label = labels.get(f) or str(getattr(model_field, "verbose_name", f))
        shown = str(getattr(obj, f)) if getattr(model_field, "is_relation", False) and stored else stored
        changes.append(f"{label}: «{_shown(shown)}»")
    if describe_extra:
        changes.append(describe_extra)
    holds = _("The saved version now holds: %(changes)s. Reload the page, then make your changes again.") % {
        "changes": "; ".join(changes) or _("no visible difference")
    }
    raise DomainError(
        f"{refusal} {holds}",
        code=STALE,
        status=409,
    )
