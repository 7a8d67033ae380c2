"""Helpers for the HR import tests: build export files and snapshot an organisation."""

import csv
import io

from openpyxl import Workbook

from resultatavtaler.organisations.importer import ImportSource, organisation_import
from resultatavtaler.organisations.models import Person, Unit

HEADER = ["ansattnummer", "navn", "epost", "stillingstittel", "enhetskode", "enhetsnavn", "overordnet_enhetskode",
          "leder"]

# A small ministry: ED on top, two departments, one section below ADM.
GOOD_ROWS = [
    ["1001", "Åse Bjørnstad", "ase@eksempel.no", "Departementsråd", "ED", "Eksempeldepartementet", "", "ja"],
    ["1002", "Håkon Ødegård", "hakon@eksempel.no", "Ekspedisjonssjef", "ADM", "Administrasjonsavdelingen", "ED", "ja"],
    ["1003", "Ingrid Sæther", "ingrid@eksempel.no", "Avdelingsdirektør", "ADM-PERS", "Personalseksjonen", "ADM", "ja"],
    ["1004", "Per Østby", "per@eksempel.no", "Seniorrådgiver", "ADM-PERS", "Personalseksjonen", "ADM", "nei"],
    ["1005", "Kari Løvås", "kari@eksempel.no", "Rådgiver", "ADM-PERS", "", "ADM", ""],
    ["1006", "Bjørn Moe", "bjorn@eksempel.no", "Ekspedisjonssjef", "OPL", "Opplæringsavdelingen", "ED", "ja"],
    ["1007", "Linn Ågotnes", "linn@eksempel.no", "Rådgiver", "OPL", "Opplæringsavdelingen", "ED", "nei"],
]


def csv_bytes(rows, *, header=HEADER, sep=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, *, header=HEADER, numbers=False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        if numbers:
            row = [int(v) if v.isdigit() else v for v in row]
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(organisation, data: bytes, *, dry_run=False, partial=False, actor=None, filename="hr.csv"):
    return organisation_import(
        organisation=organisation,
        rows_source=ImportSource(data=data, filename=filename),
        dry_run=dry_run,
        actor=actor,
        partial=partial,
    )


def snapshot(organisation) -> tuple:
    """Everything an import may touch, in a comparable form."""
    persons = tuple(
        Person.objects.filter(organisation=organisation)
        .order_by("employee_id")
        .values_list("employee_id", "name", "email", "title", "unit__code", "is_active", "left_at", "updated_at")
    )
    units = tuple(
        Unit.objects.filter(organisation=organisation)
        .order_by("code")
        .values_list("code", "name", "parent__code", "leader__employee_id", "path", "depth")
    )
    return persons, units


def leaders(organisation) -> dict[str, str | None]:
    return dict(Unit.objects.filter(organisation=organisation).values_list("code", "leader__employee_id"))


def error_texts(report) -> list[str]:
    return [str(e) for e in report.errors]
