"""Measurements: dated values of an agreement's indicators, entered by hand or imported from a
CSV/XLSX file (docs/measurements.md). An import is all or nothing and idempotent: rows are
upserted on (indicator, date, source), so the same file twice changes nothing."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.models import Agreement, Indicator
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError

from ..importer import MAX_SOURCE, FileRejected, RowError, parse_key, read_rows
from ..models import Measurement, MeasurementImport
from ._common import ensure_same_organisation, not_found, require


def _check_value(value) -> Decimal:
    try:
        value = Decimal(str(value))
    except Exception:  # noqa: BLE001
        raise DomainError(_("Write the value as a number.")) from None
    if not value.is_finite() or abs(value) >= Decimal("1e11") or value.quantize(Decimal("0.001")) != value:
        raise DomainError(_("Write the value as a number with at most three decimals."))
    return value


def measurement_record(*, indicator: Indicator, actor, date: datetime.date, value, source: str = "",
                       seen_at: datetime.datetime | None = None) -> Measurement:
    """Enter one value by hand; the same indicator, date and source replaces the earlier value.
    `seen_at` (when the page with the form was shown) refuses to replace a value someone else
    entered or changed after that: the editor has not seen it (no lost updates)."""
    ag = indicator.requirement.agreement
    ensure_same_organisation(actor, ag)
    if not permissions.can_view_agreement(actor, ag):
        raise not_found()
    require(permissions.can_record_measurements(actor, ag), _("You cannot enter measurements for this agreement."))
    value = _check_value(value)
    source = (source or "").strip()[:MAX_SOURCE]
    if date is None:
        raise DomainError(_("Give the date of the value."))
    with transaction.atomic():
        m, created = Measurement.objects.select_for_update().get_or_create(
            indicator=indicator, date=date, source=source,
            defaults={"organisation_id": ag.organisation_id, "value": value, "entered_by": actor},
        )
        before = None if created else str(m.value)
        if not created and m.value != value and seen_at is not None and m.updated_at > seen_at:
            raise DomainError(
                _("%(name)s entered %(value)s for this indicator, date and source at %(when)s, after you opened "
                  "the page, and nothing of yours was saved. Check the value shown now; save yours again if it "
                  "should replace it.")
                % {"name": m.entered_by.name if m.entered_by else "–", "value": number_format(m.value.normalize()),
                   "when": timezone.localtime(m.updated_at).strftime("%d.%m.%Y %H:%M")},
                code="stale", status=409,
            )
        if not created and m.value != value:
            m.value, m.entered_by, m.batch = value, actor, None
            m.save(update_fields=["value", "entered_by", "batch", "updated_at"])
        audit_record(action="evaluation.measurement_recorded", actor=actor, obj=ag,
                     data={"indicator": indicator.pk, "date": date.isoformat(), "value": str(value),
                           "source": source, "before": before})
    return m


def measurement_delete(*, measurement: Measurement, actor) -> None:
    ag = measurement.indicator.requirement.agreement
    ensure_same_organisation(actor, ag)
    if not permissions.can_view_agreement(actor, ag):
        raise not_found()
    require(permissions.can_record_measurements(actor, ag), _("You cannot change measurements for this agreement."))
    with transaction.atomic():
        audit_record(action="evaluation.measurement_deleted", actor=actor, obj=ag,
                     data={"indicator": measurement.indicator_id, "date": measurement.date.isoformat(),
                           "value": str(measurement.value), "source": measurement.source})
        measurement.delete()


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    batch: MeasurementImport | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _indicator_lookup(agreement: Agreement) -> tuple[dict[int, Indicator], dict[tuple[str, int], Indicator]]:
    indicators = list(Indicator.objects.filter(requirement__agreement=agreement).select_related("requirement"))
    by_id = {i.pk: i for i in indicators}
    by_number = {(i.requirement.number, i.position): i for i in indicators}
    return by_id, by_number


def measurements_import(*, agreement: Agreement, actor, filename: str, content: bytes, request=None) -> ImportReport:
    """Import a file for one agreement. Bad rows come back in the report by row and column and
    nothing is written; otherwise every row is upserted in one transaction."""
    ensure_same_organisation(actor, agreement)
    if not permissions.can_view_agreement(actor, agreement):
        raise not_found()
    require(permissions.can_record_measurements(actor, agreement),
            _("You cannot enter measurements for this agreement."))
    try:
        rows = read_rows(filename, content)
    except FileRejected as exc:
        return ImportReport(errors=exc.errors)
    by_id, by_number = _indicator_lookup(agreement)
    errors: list[RowError] = []
    resolved = []
    seen: dict[tuple[int, datetime.date, str], tuple[int, Decimal]] = {}
    for row in rows:
        kind, key = parse_key(row.indicator_key)
        indicator = by_id.get(key) if kind == "id" else by_number.get(key)
        if indicator is None:
            errors.append(RowError(row.row, "indikator",
                                   _("%(key)s is not an indicator of this agreement.") % {"key": row.indicator_key}))
            continue
        k = (indicator.pk, row.date, row.source)
        if k in seen and seen[k][1] != row.value:
            errors.append(RowError(row.row, "verdi", _("Row %(other)d gives another value for the same indicator, "
                                                        "date and source.") % {"other": seen[k][0]}))
            continue
        seen.setdefault(k, (row.row, row.value))
        resolved.append((indicator, row))
    if errors:
        return ImportReport(errors=errors)

    digest = hashlib.sha256(content).hexdigest()
    report = ImportReport()
    with transaction.atomic():
        existing = {
            (m.indicator_id, m.date, m.source): m
            for m in Measurement.objects.select_for_update().filter(indicator_id__in={i.pk for i, _r in resolved})
        }
        to_create, to_update, done = [], [], set()
        for indicator, row in resolved:
            k = (indicator.pk, row.date, row.source)
            if k in done:
                continue
            done.add(k)
            m = existing.get(k)
            if m is None:
                to_create.append(Measurement(organisation_id=agreement.organisation_id, indicator=indicator,
                                             date=row.date, value=row.value, source=row.source, entered_by=actor))
            elif m.value != row.value:
                m.value, m.entered_by = row.value, actor
                to_update.append(m)
            else:
                report.unchanged += 1
        report.created, report.updated = len(to_create), len(to_update)
        if to_create or to_update:
            batch = MeasurementImport.objects.create(
                organisation_id=agreement.organisation_id, agreement=agreement, filename=filename[:255],
                file_sha256=digest, imported_by=actor, created=report.created, updated=report.updated,
                unchanged=report.unchanged,
            )
            for m in to_create + to_update:
                m.batch = batch
            Measurement.objects.bulk_create(to_create)
            Measurement.objects.bulk_update(to_update, ["value", "entered_by", "batch"])
            report.batch = batch
        audit_record(action="evaluation.measurements_imported", actor=actor, obj=agreement, request=request,
                     data={"file": filename[:255], "sha256": digest, "created": report.created,
                           "updated": report.updated, "unchanged": report.unchanged})
    return report
