"""The columns of the HR export and the checks that need only the file itself: required
columns and values, lengths, e-mail syntax, duplicates, one leader per unit, and that each
unit has one name and one parent throughout the file."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from .reading import Table
from .report import ImportReport, RowError


@dataclass(frozen=True)
class Column:
    field: str
    name: str  # the Norwegian header we document
    aliases: tuple[str, ...]
    required: bool = True
    max_length: int | None = None
    description: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("employee_id", "ansattnummer", ("employee_id", "ansattnr", "ansatt_nr", "employee_number"), True, 50,
           gettext_lazy("The HR employee number. Required and unique; it identifies the person in every import.")),
    Column("name", "navn", ("name", "fullt_navn", "full_name"), True, 200,
           gettext_lazy("Full name. Required.")),
    Column("email", "epost", ("email", "e_post", "e_mail", "mail"), True, 254,
           gettext_lazy("Work e-mail address. May be empty; must be valid and unique in the file when given.")),
    Column("title", "stillingstittel", ("title", "tittel", "job_title", "stilling"), False, 200,
           gettext_lazy("Job title. The column is optional; without it, titles are left as they are.")),
    Column("unit_code", "enhetskode", ("unit_code",), True, 30,
           gettext_lazy("Code of the unit the person belongs to. Required.")),
    Column("unit_name", "enhetsnavn", ("unit_name",), True, 200,
           gettext_lazy("Name of that unit. Required on at least one row when the unit is new.")),
    Column("parent_unit_code", "overordnet_enhetskode", ("parent_unit_code", "overordnet_enhet", "parent_unit"),
           True, 30, gettext_lazy("Code of the unit's parent unit; empty for the top unit.")),
    Column("is_leader", "leder", ("is_leader", "leader", "er_leder"), True, None,
           gettext_lazy("ja if the person leads the unit in enhetskode, otherwise nei (or empty).")),
)
_BY_HEADER = {alias: c for c in COLUMNS for alias in (c.name, c.field, *c.aliases)}

_TRUE = {"ja", "j", "yes", "y", "true", "sann", "1", "x"}
_FALSE = {"nei", "n", "no", "false", "usann", "0", ""}


def normalise_header(text: str) -> str:
    text = text.replace("\ufeff", "").replace("\u200b", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


@dataclass
class PersonRow:
    row: int
    employee_id: str
    name: str
    email: str
    title: str | None  # None when the file has no title column: titles are then left as they are
    unit_code: str
    is_leader: bool


@dataclass
class UnitSpec:
    code: str
    first_row: int
    name: str = ""
    name_row: int | None = None
    parent_code: str = ""
    parent_row: int = 0


@dataclass
class ParsedFile:
    persons: list[PersonRow]
    units: dict[str, UnitSpec]  # by code, in order of first appearance
    leader_rows: dict[str, PersonRow]  # unit code -> the row that leads it
    labels: dict[str, str]  # field -> header as written (for messages)
    letters: dict[str, str]  # field -> Excel column letter
    has_title: bool


def parse_table(table: Table, report: ImportReport) -> ParsedFile | None:
    """Map the headers and check every row. Errors go to `report`; returns None when the
    columns themselves are wrong (then no row can be read)."""
    index: dict[str, int] = {}
    labels: dict[str, str] = {}
    letters: dict[str, str] = {}
    ignored: list[str] = []
    header_errors = False
    for i, header in enumerate(table.headers):
        if not header.strip():
            continue
        column = _BY_HEADER.get(normalise_header(header))
        if column is None:
            ignored.append(header)
            continue
        if column.field in index:
            header_errors = True
            report.errors.append(
                RowError(
                    table.header_row,
                    header,
                    _("The column %(column)s appears twice (also as %(other)s in column %(letter)s).")
                    % {"column": header, "other": labels[column.field], "letter": letters[column.field]},
                    get_column_letter(i + 1),
                )
            )
            continue
        index[column.field], labels[column.field], letters[column.field] = i, header, get_column_letter(i + 1)
    for column in COLUMNS:
        if column.required and column.field not in index:
            header_errors = True
            report.errors.append(
                RowError(
                    table.header_row,
                    column.name,
                    _("The required column %(name)s (or %(alias)s) is missing from the header row.")
                    % {"name": column.name, "alias": column.field},
                )
            )
    if ignored:
        report.warnings.append(
            _("These columns were not recognised and were ignored: %(columns)s.") % {"columns": ", ".join(ignored)}
        )
    if header_errors:
        return None
    return _parse_rows(table, report, index, labels, letters)


def _parse_rows(table, report, index, labels, letters) -> ParsedFile:
    def error(row: int, field: str, message: str) -> None:
        report.errors.append(RowError(row, labels[field], message, letters[field]))

    persons: list[PersonRow] = []
    units: dict[str, UnitSpec] = {}
    leader_rows: dict[str, PersonRow] = {}
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    has_title = "title" in index

    for source in table.rows:
        cells = source.cells
        if not any(c.strip() for c in cells):
            continue  # a blank line in the sheet
        report.rows += 1
        n = source.number
        values = {f: (cells[i].strip() if i < len(cells) else "") for f, i in index.items()}
        row_ok = True

        for column in COLUMNS:
            value = values.get(column.field)
            if value and column.max_length and len(value) > column.max_length:
                error(n, column.field, _("The value is too long (%(length)d characters; at most %(max)d).")
                      % {"length": len(value), "max": column.max_length})
                row_ok = False

        employee_id = values["employee_id"]
        if not employee_id:
            error(n, "employee_id", _("The employee number is missing; every row needs one."))
            row_ok = False
        elif employee_id in seen_ids:
            error(n, "employee_id", _("Employee number %(value)s also appears in row %(row)d.")
                  % {"value": employee_id, "row": seen_ids[employee_id]})
            row_ok = False
        else:
            seen_ids[employee_id] = n

        name = values["name"]
        if not name:
            error(n, "name", _("The name is missing."))
            row_ok = False

        email = values["email"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                error(n, "email", _("%(value)s is not a valid e-mail address.") % {"value": email})
                row_ok = False
            else:
                key = email.casefold()
                if key in seen_emails:
                    error(n, "email", _("The e-mail address %(value)s also appears in row %(row)d.")
                          % {"value": email, "row": seen_emails[key]})
                    row_ok = False
                else:
                    seen_emails[key] = n

        leader_text = values["is_leader"].casefold()
        is_leader = leader_text in _TRUE
        if not is_leader and leader_text not in _FALSE:
            error(n, "is_leader", _("%(value)s is not understood; write ja or nei.") % {"value": values["is_leader"]})
            row_ok = False

        unit_code = values["unit_code"]
        if not unit_code:
            error(n, "unit_code", _("The unit code is missing; every person belongs to a unit."))
            row_ok = False
        else:
            row_ok &= _collect_unit(n, unit_code, values, units, error)

        person = PersonRow(
            row=n,
            employee_id=employee_id,
            name=name,
            email=email,
            title=values["title"] if has_title else None,
            unit_code=unit_code,
            is_leader=is_leader,
        )
        if is_leader and unit_code:
            other = leader_rows.get(unit_code)
            if other is not None:
                error(n, "is_leader", _("Unit %(unit)s already has a leader in row %(row)d; a unit has one leader.")
                      % {"unit": unit_code, "row": other.row})
                row_ok = False
            else:
                leader_rows[unit_code] = person
        if row_ok:
            persons.append(person)

    if report.rows == 0 and not report.errors:
        report.errors.append(RowError(None, "", _("The file has a header row but no people below it.")))
    return ParsedFile(persons, units, leader_rows, labels, letters, has_title)


def _collect_unit(n: int, code: str, values: dict[str, str], units: dict[str, UnitSpec], error) -> bool:
    """Record the unit's name and parent from this row, or report where the file disagrees with itself."""
    ok = True
    name, parent = values["unit_name"], values["parent_unit_code"]
    spec = units.get(code)
    if spec is None:
        units[code] = UnitSpec(code=code, first_row=n, name=name, name_row=n if name else None,
                               parent_code=parent, parent_row=n)
        return True
    if name:
        if spec.name and spec.name != name:
            error(n, "unit_name", _("Unit %(unit)s is named %(value)s here but %(other)s in row %(row)d.")
                  % {"unit": code, "value": name, "other": spec.name, "row": spec.name_row})
            ok = False
        elif not spec.name:
            spec.name, spec.name_row = name, n
    if parent != spec.parent_code:
        none = _("(none: top unit)")
        error(n, "parent_unit_code",
              _("Unit %(unit)s has parent unit %(value)s here but %(other)s in row %(row)d.")
              % {"unit": code, "value": parent or none, "other": spec.parent_code or none, "row": spec.parent_row})
        ok = False
    return ok
