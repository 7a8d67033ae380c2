"""`organisation_import`: bring an organisation's units and people in line with an HR export.

One code path for the command and the upload page. The import is keyed on employee number
and unit code, so importing the same file again changes nothing. It first plans every change
in memory against the organisation as it is (one query for the units, one for the people),
checks the plan (unknown parents, new units without a name, cycles), and only then writes with
bulk queries inside one transaction: one bad row, and nothing is written.

The file is a full export by default: a person in the organisation who is not in the file
has left (is_active=False, left_at=today) and leads nothing any more. With `partial=True`
nobody is deactivated and leaders who are not in the file keep their units.

Who leads what: a person in the file leads exactly the unit in their row when `leder` says
ja, and nothing else. So a unit whose leader's row says nei, or who has moved to another
unit, loses that leader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resultatavtaler.accounts.permission_memo import forget as forget_permission_memo
from resultatavtaler.accounts.permissions import can_import_organisation
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import PermissionDeniedError

from ..models import Organisation, Person, Unit
from ..services import unit_refresh_paths
from .reading import ImportFileError, ImportSource, Table, read_table
from .report import Change, ImportReport, RowError
from .rows import ParsedFile, PersonRow, parse_table

BATCH_SIZE = 1000


@dataclass
class _Plan:
    units_db: dict[str, Unit]
    persons_db: dict[str, Person]
    new_units: list[str] = field(default_factory=list)  # codes
    unit_updates: list[str] = field(default_factory=list)  # codes
    new_persons: list[PersonRow] = field(default_factory=list)
    person_updates: list[tuple[Person, PersonRow]] = field(default_factory=list)
    deactivate: list[Person] = field(default_factory=list)
    unit_targets: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)  # code -> name, parent, leader
    refresh_paths: bool = False


def organisation_import(
    *,
    organisation: Organisation,
    rows_source: ImportSource | Table,
    dry_run: bool,
    actor: Person | None,
    partial: bool = False,
    request=None,
) -> ImportReport:
    """Import (or with `dry_run`, only report) an HR export. `actor` None is the system
    (the management command); a person needs `can_import_organisation` in this organisation."""
    if actor is not None and (actor.organisation_id != organisation.pk or not can_import_organisation(actor)):
        raise PermissionDeniedError(_("You may not import people into this organisation."))
    report = ImportReport(dry_run=dry_run, partial=partial)
    if isinstance(rows_source, ImportSource):
        report.filename = rows_source.filename
        try:
            table = read_table(rows_source)
        except ImportFileError as exc:
            report.errors.append(RowError(None, "", exc.message))
            return report
    else:
        table = rows_source
    report.file_format, report.file_details = table.file_format, table.details
    parsed = parse_table(table, report)
    if parsed is None:
        _sort_errors(report)
        return report

    if dry_run:
        _plan(organisation, parsed, report, partial=partial, actor=actor)
        _sort_errors(report)
        return report
    with transaction.atomic():
        # One import at a time per organisation; plan against what is there under the lock.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
        plan = _plan(organisation, parsed, report, partial=partial, actor=actor)
        if plan is None:
            _sort_errors(report)
            return report
        _apply(organisation, plan)
        audit_record(
            action="organisation.import",
            actor=actor,
            organisation=organisation,
            obj=organisation,
            request=request,
            data={**report.counts(), "filename": report.filename[:200], "partial": partial},
        )
    return report


def _sort_errors(report: ImportReport) -> None:
    report.errors.sort(key=lambda e: (e.row or 0, e.column_letter.rjust(3)))


def _plan(organisation, parsed: ParsedFile, report: ImportReport, *, partial: bool, actor) -> _Plan | None:
    units_db = {
        u.code: u
        for u in Unit.objects.filter(organisation=organisation).only("id", "code", "name", "parent_id", "leader_id")
    }
    code_by_unit_id = {u.pk: code for code, u in units_db.items()}
    persons_db = {
        p.employee_id: p
        for p in Person.objects.filter(organisation=organisation).only(
            "id", "organisation_id", "employee_id", "name", "email", "title", "unit_id", "is_active", "left_at",
            "updated_at",
        )
    }
    employee_by_person_id = {p.pk: eid for eid, p in persons_db.items()}

    _check_units(parsed, report, units_db, code_by_unit_id)
    if report.errors:
        return None

    plan = _Plan(units_db=units_db, persons_db=persons_db)
    rows_by_id = {r.employee_id: r for r in parsed.persons}
    file_ids = set(rows_by_id)

    # People.
    for r in parsed.persons:
        p = persons_db.get(r.employee_id)
        if p is None:
            plan.new_persons.append(r)
            detail = _("in unit %(unit)s") % {"unit": r.unit_code}
            report.changes.append(Change("person", "created", r.employee_id, r.name, detail, r.row))
            continue
        details = []
        if p.name != r.name:
            details.append(_("name %(old)s → %(new)s") % {"old": p.name, "new": r.name})
        if p.email != r.email:
            details.append(_("e-mail %(old)s → %(new)s") % {"old": p.email or "–", "new": r.email or "–"})
        if r.title is not None and p.title != r.title:
            details.append(_("title %(old)s → %(new)s") % {"old": p.title or "–", "new": r.title or "–"})
        old_unit = code_by_unit_id.get(p.unit_id, "")
        if old_unit != r.unit_code:
            details.append(_("moved %(old)s → %(new)s") % {"old": old_unit or "–", "new": r.unit_code})
        if not p.is_active:
            details.append(_("active again"))
        if details:
            plan.person_updates.append((p, r))
            report.changes.append(Change("person", "updated", r.employee_id, r.name, "; ".join(details), r.row))
        else:
            report.persons_unchanged += 1
    report.persons_created = len(plan.new_persons)
    report.persons_updated = len(plan.person_updates)

    if not partial:
        plan.deactivate = sorted(
            (p for eid, p in persons_db.items() if p.is_active and eid not in file_ids), key=lambda p: p.name
        )
        for p in plan.deactivate:
            report.changes.append(Change("person", "deactivated", p.employee_id, p.name, _("not in the file")))
    report.persons_deactivated = len(plan.deactivate)
    leaving = {p.employee_id for p in plan.deactivate}

    # Units: those in the file, and those outside it whose leader leaves or now leads elsewhere.
    for code in [*parsed.units, *(c for c in units_db if c not in parsed.units)]:
        spec, db = parsed.units.get(code), units_db.get(code)
        current_leader = employee_by_person_id.get(db.leader_id) if db and db.leader_id else None
        if code in parsed.leader_rows:
            leader = parsed.leader_rows[code].employee_id
        elif current_leader is not None and (current_leader in file_ids or current_leader in leaving):
            leader = None
        else:
            leader = current_leader
        if spec is not None:
            name = spec.name or db.name
            parent = spec.parent_code
        else:
            name, parent = db.name, code_by_unit_id.get(db.parent_id, "")
        plan.unit_targets[code] = (name, parent, leader)
        if db is None:
            plan.new_units.append(code)
            plan.refresh_paths = True
            detail = _("below %(parent)s") % {"parent": parent} if parent else _("top unit")
            report.changes.append(Change("unit", "created", code, name, detail, spec.first_row))
            continue
        details = []
        if db.name != name:
            details.append(_("name %(old)s → %(new)s") % {"old": db.name, "new": name})
        old_parent = code_by_unit_id.get(db.parent_id, "")
        if old_parent != parent:
            details.append(_("moved %(old)s → %(new)s") % {"old": old_parent or "–", "new": parent or "–"})
            plan.refresh_paths = True
        if current_leader != leader:
            details.append(
                _("leader %(old)s → %(new)s")
                % {"old": _person_label(current_leader, persons_db, rows_by_id),
                   "new": _person_label(leader, persons_db, rows_by_id)}
            )
        if details:
            plan.unit_updates.append(code)
            report.changes.append(
                Change("unit", "updated", code, name, "; ".join(details), spec.first_row if spec else None)
            )
        elif spec is not None:
            report.units_unchanged += 1
    report.units_created = len(plan.new_units)
    report.units_updated = len(plan.unit_updates)

    if plan.deactivate:
        count = len(plan.deactivate)
        if report.dry_run:
            message = ngettext(
                "%(count)d person who is not in the file will be marked as having left, because the file is "
                "treated as a full export. Choose a partial import if the file holds only part of the organisation.",
                "%(count)d persons who are not in the file will be marked as having left, because the file is "
                "treated as a full export. Choose a partial import if the file holds only part of the organisation.",
                count,
            )
        else:
            message = ngettext(
                "%(count)d person who was not in the file was marked as having left.",
                "%(count)d persons who were not in the file were marked as having left.",
                count,
            )
        report.warnings.append(message % {"count": count})
        if actor is not None and actor.employee_id in leaving:
            report.warnings.append(_("You are not in the file yourself, so you are among those marked as having left."))
    return plan


def _person_label(employee_id: str | None, persons_db: dict[str, Person], rows_by_id: dict[str, PersonRow]) -> str:
    if employee_id is None:
        return _("(none)")
    if employee_id in rows_by_id:
        return rows_by_id[employee_id].name
    p = persons_db.get(employee_id)
    return p.name if p is not None else employee_id


def _check_units(parsed: ParsedFile, report: ImportReport, units_db: dict[str, Unit], code_by_unit_id) -> None:
    """Checks that need the organisation: parents exist, new units are named, no cycles."""
    labels, letters = parsed.labels, parsed.letters
    for code, spec in parsed.units.items():
        if code not in units_db and not spec.name:
            report.errors.append(
                RowError(spec.first_row, labels["unit_name"],
                         _("Unit %(unit)s is new, so its name is required.") % {"unit": code},
                         letters["unit_name"])
            )
        if spec.parent_code and spec.parent_code not in parsed.units and spec.parent_code not in units_db:
            report.errors.append(
                RowError(
                    spec.parent_row,
                    labels["parent_unit_code"],
                    _("The parent unit %(value)s is neither in the file nor in the organisation.")
                    % {"value": spec.parent_code},
                    letters["parent_unit_code"],
                )
            )

    # The tree as it will be: the file's parents, and the organisation's for units not in the file.
    parent_of = {code: code_by_unit_id.get(u.parent_id, "") for code, u in units_db.items()}
    parent_of.update({code: spec.parent_code for code, spec in parsed.units.items()})
    done: set[str] = set()
    for start in parsed.units:
        path: list[str] = []
        on_path: set[str] = set()
        code = start
        while code and code not in done and code in parent_of:
            if code in on_path:
                cycle = path[path.index(code):] + [code]
                in_file = [c for c in cycle if c in parsed.units]
                first = min(in_file, key=lambda c: parsed.units[c].parent_row)
                report.errors.append(
                    RowError(
                        parsed.units[first].parent_row,
                        labels["parent_unit_code"],
                        _("The units form a cycle: %(cycle)s. A unit cannot be placed below itself.")
                        % {"cycle": " → ".join(cycle)},
                        letters["parent_unit_code"],
                    )
                )
                break
            path.append(code)
            on_path.add(code)
            code = parent_of[code]
        done.update(path)


def _apply(organisation: Organisation, plan: _Plan) -> None:
    now, today = timezone.now(), timezone.localdate()
    units = dict(plan.units_db)

    new_units = [
        Unit(organisation=organisation, code=code, name=plan.unit_targets[code][0]) for code in plan.new_units
    ]
    Unit.objects.bulk_create(new_units, batch_size=BATCH_SIZE)
    units.update({u.code: u for u in new_units})

    new_persons = [
        Person(
            organisation=organisation,
            employee_id=r.employee_id,
            name=r.name,
            email=r.email,
            title=r.title or "",
            unit_id=units[r.unit_code].pk,
        )
        for r in plan.new_persons
    ]
    Person.objects.bulk_create(new_persons, batch_size=BATCH_SIZE)

    changed: list[Person] = []
    for p, r in plan.person_updates:
        p.name, p.email, p.unit_id = r.name, r.email, units[r.unit_code].pk
        if r.title is not None:
            p.title = r.title
        p.is_active, p.left_at, p.updated_at = True, None, now
        changed.append(p)
    for p in plan.deactivate:
        p.is_active, p.left_at, p.updated_at = False, today, now
        changed.append(p)
    Person.objects.bulk_update(
        changed, ["name", "email", "title", "unit", "is_active", "left_at", "updated_at"], batch_size=BATCH_SIZE
    )

    # Leaders and parents point at rows that now all exist (bulk_create sets the new keys).
    person_ids = {eid: p.pk for eid, p in plan.persons_db.items()}
    person_ids.update({p.employee_id: p.pk for p in new_persons})
    to_update = []
    for code in [*plan.new_units, *plan.unit_updates]:
        name, parent, leader = plan.unit_targets[code]
        u = units[code]
        u.name = name
        u.parent_id = units[parent].pk if parent else None
        u.leader_id = person_ids[leader] if leader else None
        to_update.append(u)
    Unit.objects.bulk_update(to_update, ["name", "parent", "leader"], batch_size=BATCH_SIZE)
    if plan.refresh_paths:
        unit_refresh_paths(organisation=organisation)
    # Bulk writes send no signals: who leads what may have changed for the rest of this request.
    forget_permission_memo()
