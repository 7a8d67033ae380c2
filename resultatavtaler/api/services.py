"""What the api app offers: API tokens (`api_token_create`, `api_token_revoke`,
`api_token_authenticate`) and the two bulk writes of the integration API —
`persons_upsert` (the HR file import's validation, idempotency and all-or-nothing, fed
with JSON rows) and `measurements_push` (indicator values for any agreements of the
organisation, idempotent on (indicator, date, source), all or nothing).

Rights come from accounts.permissions: a person by the page rules, a token by the
`api_token_*` rules. Every write is an audit event naming the person or the token."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.models import Indicator
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError, PermissionDeniedError
from resultatavtaler.evaluations.importer import MAX_SOURCE, parse_key, parse_value
from resultatavtaler.evaluations.models import Measurement, MeasurementImport
from resultatavtaler.organisations.importer import COLUMNS, ImportReport, Table, organisation_import
from resultatavtaler.organisations.models import Organisation, Person

from .caller import Caller
from .constants import PREFIX_LENGTH, TOKEN_MARK, TokenScope
from .models import ApiToken

# last_used_at is written at most this often per token: a busy integration should not turn
# every read into a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
MAX_MEASUREMENT_ROWS = 5000


# --- tokens -------------------------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(
    *, organisation: Organisation, actor: Person, name: str, scope: str, request=None
) -> tuple[ApiToken, str]:
    """Make a token and return it with the raw value, which is shown once and never stored."""
    if actor is None or actor.organisation_id != organisation.pk or not permissions.can_manage_api_tokens(actor):
        raise PermissionDeniedError(_("Only the organisation's administrators may create API tokens."))
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the token a name that says which system uses it."))
    if scope not in TokenScope.values:
        raise DomainError(_("Choose whether the token may read only, or read and write."))
    with transaction.atomic():
        for _attempt in range(5):
            prefix = secrets.token_hex(PREFIX_LENGTH // 2)
            if not ApiToken.objects.filter(prefix=prefix).exists():
                break
        secret = secrets.token_urlsafe(32)
        raw = f"{TOKEN_MARK}{prefix}_{secret}"
        token = ApiToken.objects.create(
            organisation=organisation,
            name=name[:100],
            prefix=prefix,
            secret_sha256=_hash(raw),
            scope=scope,
            created_by=actor,
        )
        audit_record(
            action="api.token_created",
            actor=actor,
            obj=token,
            organisation=organisation,
            request=request,
            data={"name": token.name, "prefix": prefix, "scope": scope},
        )
    return token, raw


def api_token_revoke(*, token: ApiToken, actor: Person, request=None) -> ApiToken:
    """Revoke at once; a revoked token answers 401 from the next request on."""
    if actor is None or actor.organisation_id != token.organisation_id:
        raise DomainError(_("The token was not found."), code="not_found", status=404)
    if not permissions.can_manage_api_tokens(actor):
        raise PermissionDeniedError(_("Only the organisation's administrators may revoke API tokens."))
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            action="api.token_revoked",
            actor=actor,
            obj=locked,
            organisation=locked.organisation,
            request=request,
            data={"name": locked.name, "prefix": locked.prefix},
        )
    return locked


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active token for a raw value, or None. Found by prefix, compared by hash in
    constant time; notes when it was last used."""
    raw = (raw or "").strip()
    if not raw.startswith(TOKEN_MARK) or len(raw) > 200:
        return None
    prefix = raw[len(TOKEN_MARK) :].split("_", 1)[0]
    if len(prefix) != PREFIX_LENGTH:
        return None
    token = ApiToken.objects.select_related("organisation").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_sha256, _hash(raw)):
        return None
    if token.revoked_at is not None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# --- HR: units and people -------------------------------------------------------------------


def persons_upsert(*, caller: Caller, rows: list[dict], dry_run: bool, partial: bool, request=None) -> ImportReport:
    """The HR import (organisations.importer) with JSON rows instead of a file: the same
    columns, checks, idempotency (keyed on employee id and unit code) and all-or-nothing.
    Row numbers in the report are those of a file with a header row; `row - 2` is the index
    in `rows`."""
    organisation = caller.organisation
    if caller.is_token:
        if not permissions.api_token_can_import_organisation(caller.token, organisation):
            raise PermissionDeniedError(
                _("This token may only read. Use a token with write access."), code="read_only_token"
            )
        actor = None  # the import runs as the system; the API's audit event names the token
    else:
        if not permissions.can_import_organisation(caller.person):
            raise PermissionDeniedError(
                _("You may not import people into this organisation."), code="no_import_right"
            )
        actor = caller.person
    fields = [c.field for c in COLUMNS]
    if not any(r.get("title") is not None for r in rows):
        fields.remove("title")  # no titles given: titles are left as they are, as for a file

    def cell(row: dict, name: str) -> str:
        value = row.get(name)
        if name == "is_leader":
            return "ja" if value else "nei"
        return "" if value is None else str(value)

    table = Table.from_records(fields, [[cell(r, f) for f in fields] for r in rows])
    table.file_format, table.details = "json", {}
    report = organisation_import(
        organisation=organisation, rows_source=table, dry_run=dry_run, actor=actor, partial=partial, request=request
    )
    if not dry_run and report.ok:
        audit_record(
            action="api.persons_upserted",
            actor=caller.audit_actor,
            obj=organisation,
            organisation=organisation,
            request=request,
            data={**caller.audit_data(), **report.counts(), "partial": partial},
        )
    return report


# --- measurements ---------------------------------------------------------------------------


@dataclass
class MeasurementRowError:
    index: int
    field: str
    message: str


@dataclass
class MeasurementReport:
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    agreements: list[int] = field(default_factory=list)
    errors: list[MeasurementRowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _indicators_for(caller: Caller, rows: list[dict]) -> tuple[dict[int, Indicator], dict[tuple, Indicator]]:
    """The indicators the rows name, in the caller's organisation only (two queries)."""
    ids, numbered = set(), set()
    for r in rows:
        parsed = parse_key(str(r.get("indicator") or ""))
        if parsed is None:
            continue
        kind, key = parsed
        if kind == "id":
            ids.add(key)
        elif r.get("agreement") is not None:
            numbered.add(r["agreement"])
    base = Indicator.objects.filter(requirement__agreement__organisation_id=caller.organisation.pk).select_related(
        "requirement__agreement__unit"
    )
    by_id = {i.pk: i for i in base.filter(pk__in=ids)} if ids else {}
    by_number = (
        {
            (i.requirement.agreement_id, i.requirement.number, i.position): i
            for i in base.filter(requirement__agreement_id__in=numbered)
        }
        if numbered
        else {}
    )
    return by_id, by_number


def measurements_push(*, caller: Caller, rows: list[dict], dry_run: bool = False, request=None) -> MeasurementReport:
    """Values of indicators, for any agreements of the organisation the caller may record
    for. Each row names its indicator as the measurement file does ("IND-12", or "2.1/1"
    with `agreement`). Bad rows come back with their index and field and nothing is
    written; otherwise every row is upserted on (indicator, date, source) in one
    transaction, so sending the same rows twice changes nothing."""
    report = MeasurementReport(dry_run=dry_run, rows=len(rows))
    if caller.is_token and caller.token.scope != TokenScope.WRITE:
        raise PermissionDeniedError(
            _("This token may only read. Use a token with write access."), code="read_only_token"
        )
    if len(rows) > MAX_MEASUREMENT_ROWS:
        raise DomainError(_("Send at most %(max)d rows at a time.") % {"max": MAX_MEASUREMENT_ROWS})
    by_id, by_number = _indicators_for(caller, rows)
    resolved: list[tuple[Indicator, dict, Decimal, str]] = []
    seen: dict[tuple, tuple[int, Decimal]] = {}
    allowed: dict[int, bool] = {}
    visible: dict[int, bool] = {}

    def error(i: int, name: str, message: str) -> None:
        report.errors.append(MeasurementRowError(i, name, message))

    for i, r in enumerate(rows):
        raw_key = str(r.get("indicator") or "").strip()
        parsed = parse_key(raw_key)
        value = parse_value(r.get("value"))
        source = (r.get("source") or "").strip()
        date = r.get("date")
        if value is None:
            error(i, "value", _("Write the value as a number, e.g. 4.5 (at most three decimals)."))
        if len(source) > MAX_SOURCE:
            error(i, "source", _("The source is longer than %(max)d characters.") % {"max": MAX_SOURCE})
        if not isinstance(date, datetime.date):
            error(i, "date", _("Give a date as 2026-11-28."))
        if parsed is None:
            error(i, "indicator", _("Give the indicator's key as shown on the page, e.g. IND-12."))
            continue
        kind, key = parsed
        if kind == "id":
            indicator = by_id.get(key)
        elif r.get("agreement") is None:
            error(i, "agreement", _("A key such as 2.1/1 needs the agreement's id in agreement."))
            continue
        else:
            indicator = by_number.get((r["agreement"], *key))
        agreement = indicator.requirement.agreement if indicator is not None else None
        if agreement is not None and agreement.pk not in visible:
            if caller.is_token:
                visible[agreement.pk] = permissions.api_token_can_read(caller.token, agreement)
                allowed[agreement.pk] = permissions.api_token_can_record_measurements(caller.token, agreement)
            else:
                visible[agreement.pk] = permissions.can_view_measurements(caller.person, agreement)
                allowed[agreement.pk] = permissions.can_record_measurements(caller.person, agreement)
        if agreement is None or not visible[agreement.pk]:
            # Another organisation's indicator, or one the person may not see: as if missing.
            error(i, "indicator", _("%(key)s is not an indicator you can reach.") % {"key": raw_key})
            continue
        if not allowed[agreement.pk]:
            error(i, "indicator", _("You cannot enter measurements for this agreement."))
            continue
        if value is None or not isinstance(date, datetime.date) or len(source) > MAX_SOURCE:
            continue
        k = (indicator.pk, date, source)
        if k in seen and seen[k][1] != value:
            error(
                i,
                "value",
                _("Row %(other)d gives another value for the same indicator, date and source.") % {"other": seen[k][0]},
            )
            continue
        seen.setdefault(k, (i, value))
        resolved.append((indicator, r, value, source))
    report.agreements = sorted({ind.requirement.agreement_id for ind, *_rest in resolved})
    if report.errors:
        report.errors.sort(key=lambda e: (e.index, e.field))
        return report

    try:
        with transaction.atomic():
            existing = {
                (m.indicator_id, m.date, m.source): m
                for m in Measurement.objects.select_for_update().filter(
                    indicator_id__in={ind.pk for ind, *_rest in resolved}
                )
            }
            to_create: dict[int, list[Measurement]] = {}
            to_update: dict[int, list[Measurement]] = {}
            unchanged: dict[int, int] = {}
            done = set()
            for indicator, r, value, source in resolved:
                k = (indicator.pk, r["date"], source)
                if k in done:
                    continue
                done.add(k)
                ag_id = indicator.requirement.agreement_id
                m = existing.get(k)
                if m is None:
                    to_create.setdefault(ag_id, []).append(
                        Measurement(
                            organisation_id=caller.organisation.pk,
                            indicator=indicator,
                            date=r["date"],
                            value=value,
                            source=source,
                            entered_by=caller.person,
                        )
                    )
                elif m.value != value:
                    m.value, m.entered_by = value, caller.person
                    to_update.setdefault(ag_id, []).append(m)
                else:
                    unchanged[ag_id] = unchanged.get(ag_id, 0) + 1
            report.created = sum(len(v) for v in to_create.values())
            report.updated = sum(len(v) for v in to_update.values())
            report.unchanged = sum(unchanged.values())
            if dry_run:
                transaction.set_rollback(True)
                return report
            label = _("API: %(name)s") % {"name": caller.token.name if caller.is_token else caller.person.name}
            agreements = {ind.requirement.agreement_id: ind.requirement.agreement for ind, *_rest in resolved}
            for ag_id, agreement in agreements.items():
                created, updated = to_create.get(ag_id, []), to_update.get(ag_id, [])
                ag_rows = [
                    {"indicator": ind.pk, "date": r["date"].isoformat(), "value": str(v), "source": s}
                    for ind, r, v, s in resolved
                    if ind.requirement.agreement_id == ag_id
                ]
                digest = hashlib.sha256(json.dumps(ag_rows, sort_keys=True).encode()).hexdigest()
                if created or updated:
                    # The agreement's measurement page lists this like an imported file.
                    batch = MeasurementImport.objects.create(
                        organisation_id=caller.organisation.pk,
                        agreement=agreement,
                        filename=label[:255],
                        file_sha256=digest,
                        imported_by=caller.person,
                        created=len(created),
                        updated=len(updated),
                        unchanged=unchanged.get(ag_id, 0),
                    )
                    for m in created + updated:
                        m.batch = batch
                    Measurement.objects.bulk_create(created)
                    Measurement.objects.bulk_update(updated, ["value", "entered_by", "batch"])
                audit_record(
                    action="api.measurements_pushed",
                    actor=caller.audit_actor,
                    obj=agreement,
                    organisation=caller.organisation,
                    request=request,
                    data={
                        **caller.audit_data(),
                        "sha256": digest,
                        "created": len(created),
                        "updated": len(updated),
                        "unchanged": unchanged.get(ag_id, 0),
                    },
                )
    except IntegrityError:
        # Two pushes created the same (indicator, date, source) at once: nothing of this one
        # was written; sending it again finds the other's rows and upserts.
        raise DomainError(
            _("Another request wrote the same measurements at the same moment. Nothing was saved; send again."),
            code="conflict",
            status=409,
        ) from None
    return report


# --- signed versions as documents --------------------------------------------------------------


def signed_version_pdf(*, caller: Caller, agreement, version, language: str | None = None, request=None):
    """A signed version as PDF/A-2b for the archive, with the reports app's renderer: the
    agreement as signed — never the evaluations (a token may not see them, and the version is
    the document both signed). The caller must see the agreement's versions (a token of the
    organisation; a person who may view the agreement). Audited as a read of the document."""
    from resultatavtaler.reports.document import LANGUAGES, build_document
    from resultatavtaler.reports.render import render_agreement_pdf
    from resultatavtaler.reports.selectors import document_source
    from resultatavtaler.reports.services import ExportedFile

    allowed = (
        permissions.api_token_can_read(caller.token, agreement)
        if caller.is_token
        else permissions.can_view_agreement(caller.person, agreement)
    )
    if not allowed:
        raise PermissionDeniedError(_("You may not read this agreement."), code="no_access")
    language = language if language in LANGUAGES else (agreement.organisation.default_language or "nb")
    source = document_source(agreement, version=version.number)
    doc = build_document(source, language=language, public_only=False, include_evaluations=False)
    content = render_agreement_pdf(doc, archival=True)
    file = ExportedFile(
        filename=f"resultatavtale-{agreement.pk}-v{version.number}-{language}.pdf",
        content_type="application/pdf",
        content=content,
    )
    audit_record(
        action="api.version_pdf",
        actor=caller.audit_actor,
        obj=agreement,
        organisation=agreement.organisation,
        request=request,
        data={
            **caller.audit_data(),
            "version": version.number,
            "version_hash": version.sha256,
            "language": language,
            "sha256": file.sha256,
        },
    )
    return file
