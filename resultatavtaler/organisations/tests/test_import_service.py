"""The HR import service: good files, every kind of bad row, idempotency, encodings,
separators, XLSX, dry run, atomicity, moves and leavers."""

import datetime

import pytest
from django.utils import timezone, translation

from resultatavtaler.organisations.importer import Table, organisation_import
from resultatavtaler.organisations.models import Person, Unit
from resultatavtaler.organisations.tests.factories import OrganisationFactory

from .import_helpers import GOOD_ROWS, HEADER, csv_bytes, error_texts, leaders, run_import, snapshot, xlsx_bytes


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Eksempeldepartementet", org_number="999000029")


def rows_with(*changes):
    """GOOD_ROWS with some cells replaced: (row index, column name, value)."""
    rows = [list(r) for r in GOOD_ROWS]
    for index, column, value in changes:
        rows[index][HEADER.index(column)] = value
    return rows


def move(index, unit, parent):
    """The changes that put GOOD_ROWS[index] in another (existing) unit."""
    return [(index, "enhetskode", unit), (index, "enhetsnavn", ""), (index, "overordnet_enhetskode", parent)]


# --- a good file ---------------------------------------------------------------------------


def test_good_file_creates_tree_people_and_leaders(org):
    report = run_import(org, csv_bytes(GOOD_ROWS))
    assert report.ok, error_texts(report)
    assert (report.persons_created, report.units_created) == (7, 4)
    assert report.rows == 7

    units = {u.code: u for u in Unit.objects.filter(organisation=org).select_related("parent")}
    assert units["ED"].parent is None and units["ED"].depth == 0
    assert units["ADM-PERS"].parent.code == "ADM"
    assert units["ADM-PERS"].path == f"/{units['ED'].pk}/{units['ADM'].pk}/{units['ADM-PERS'].pk}/"
    assert units["ADM-PERS"].name == "Personalseksjonen"  # the name from another row of the unit
    assert leaders(org) == {"ED": "1001", "ADM": "1002", "ADM-PERS": "1003", "OPL": "1006"}

    kari = Person.objects.get(organisation=org, employee_id="1005")
    assert (kari.name, kari.email, kari.title, kari.unit.code, kari.is_active) == (
        "Kari Løvås", "kari@eksempel.no", "Rådgiver", "ADM-PERS", True,
    )


def test_the_documented_samples_import_cleanly(org):
    from pathlib import Path

    samples = Path(__file__).resolve().parents[3] / "docs" / "samples"
    csv_report = run_import(org, (samples / "hr-eksport.csv").read_bytes())
    assert csv_report.ok, error_texts(csv_report)
    assert csv_report.persons_created == 15 and csv_report.units_created == 7
    xlsx_report = run_import(org, (samples / "hr-eksport.xlsx").read_bytes(), filename="hr-eksport.xlsx")
    assert xlsx_report.ok and xlsx_report.all_unchanged, error_texts(xlsx_report)


def test_english_headers_in_any_case_and_order_with_extra_columns(org):
    header = ["Unit_Code", " EMAIL ", "Employee_ID", "Name", "Is_Leader", "Parent_Unit_Code", "Unit_Name", "Lønn"]
    order = [HEADER.index(h) for h in ("enhetskode", "epost", "ansattnummer", "navn", "leder",
                                       "overordnet_enhetskode", "enhetsnavn")]
    rows = [[r[i] for i in order] + ["600000"] for r in GOOD_ROWS]
    report = run_import(org, csv_bytes(rows, header=header, sep=","))
    assert report.ok, error_texts(report)
    assert report.persons_created == 7
    assert any("Lønn" in w for w in report.warnings)
    # Without a title column, titles are left alone.
    assert set(Person.objects.filter(organisation=org).values_list("title", flat=True)) == {""}


@pytest.mark.parametrize("value,expected", [("ja", True), ("JA", True), ("yes", True), ("true", True), ("1", True),
                                            ("nei", False), ("No", False), ("false", False), ("0", False),
                                            ("", False)])
def test_leader_values(org, value, expected):
    run_import(org, csv_bytes(rows_with((2, "leder", value))))
    assert (leaders(org)["ADM-PERS"] == "1003") is expected


# --- idempotency ---------------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(org):
    data = csv_bytes(GOOD_ROWS)
    run_import(org, data)
    before = snapshot(org)
    report = run_import(org, data)
    assert report.ok and report.all_unchanged
    assert (report.persons_unchanged, report.units_unchanged) == (7, 4)
    assert report.changes == []
    assert snapshot(org) == before  # updated_at included


# --- encodings and separators -----------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_encodings_and_separators_read_the_same(org, encoding, sep):
    report = run_import(org, csv_bytes(GOOD_ROWS, sep=sep, encoding=encoding))
    assert report.ok, error_texts(report)
    assert set(Person.objects.filter(organisation=org).values_list("name", flat=True)) >= {
        "Åse Bjørnstad", "Håkon Ødegård", "Kari Løvås", "Linn Ågotnes", "Per Østby", "Ingrid Sæther",
    }
    expected = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}[encoding]
    assert report.file_details["encoding"] == expected


def test_quoted_cells_with_separator_and_line_break_keep_excel_row_numbers(org):
    rows = rows_with((3, "stillingstittel", "Seniorrådgiver; personal\nog lønn"), (4, "epost", "ikke-epost"))
    report = run_import(org, csv_bytes(rows))
    # The bad e-mail is on the 6th record: Excel shows it as row 6 although the file has an extra line.
    assert [(e.row, e.column) for e in report.errors] == [(6, "epost")]


@pytest.mark.parametrize(
    "data,fragment",
    [
        (csv_bytes(GOOD_ROWS, encoding="utf-16"), "UTF-16"),
        ("\ufeffansattnummer;navn\n1;Åse\n".encode("utf-16-le"), "UTF-16"),
        (bytes(range(256)) * 4, "UTF-16"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "UTF-8 or Windows-1252"),
        (b"ansattnummer;navn\x07\x01;x\n", "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
        (b"PK\x03\x04not really a zip", "Excel workbook"),
        (b"", "empty"),
        (b"  \r\n", "empty"),
    ],
)
def test_unreadable_files_are_a_clear_error(org, data, fragment):
    report = run_import(org, data)
    assert not report.ok
    assert len(report.errors) == 1 and report.errors[0].row is None
    assert fragment in report.errors[0].message
    assert not Person.objects.filter(organisation=org).exists()


# --- XLSX ---------------------------------------------------------------------------------


def test_xlsx_with_numeric_employee_numbers(org):
    report = run_import(org, xlsx_bytes(GOOD_ROWS, numbers=True), filename="hr.xlsx")
    assert report.ok, error_texts(report)
    assert report.file_format == "xlsx"
    assert sorted(Person.objects.filter(organisation=org).values_list("employee_id", flat=True)) == [
        "1001", "1002", "1003", "1004", "1005", "1006", "1007"
    ]
    # The same people from CSV are unchanged: "1001" from a number cell is not "1001.0".
    assert run_import(org, csv_bytes(GOOD_ROWS)).all_unchanged


def test_xlsx_errors_name_the_excel_row_and_column(org):
    report = run_import(org, xlsx_bytes(rows_with((3, "epost", "per@"))), filename="hr.xlsx")
    assert [(e.row, e.column, e.column_letter) for e in report.errors] == [(5, "epost", "C")]


# --- dry run ------------------------------------------------------------------------------


def test_dry_run_reports_without_writing(org):
    report = run_import(org, csv_bytes(GOOD_ROWS), dry_run=True)
    assert report.ok and report.dry_run
    assert (report.persons_created, report.units_created) == (7, 4)
    assert not Unit.objects.filter(organisation=org).exists()
    assert not Person.objects.filter(organisation=org).exists()
    # And it predicts exactly what the real run then does.
    real = run_import(org, csv_bytes(GOOD_ROWS))
    assert real.counts() == report.counts()


def test_dry_run_of_changes_counts_updated_and_deactivated(org):
    run_import(org, csv_bytes(GOOD_ROWS))
    before = snapshot(org)
    rows = rows_with((4, "navn", "Kari Løvås Berg"))[:-1]  # rename Kari, drop Linn (1007)
    report = run_import(org, csv_bytes(rows), dry_run=True)
    assert (report.persons_updated, report.persons_deactivated, report.persons_unchanged) == (1, 1, 5)
    assert snapshot(org) == before


# --- bad rows -------------------------------------------------------------------------------


BAD_ROWS = {
    "duplicate employee number": (rows_with((4, "ansattnummer", "1004")), 6, "ansattnummer", "also appears in row 5"),
    "empty employee number": (rows_with((4, "ansattnummer", "")), 6, "ansattnummer", "employee number is missing"),
    "empty name": (rows_with((4, "navn", " ")), 6, "navn", "name is missing"),
    "bad e-mail": (rows_with((4, "epost", "kari(at)eksempel.no")), 6, "epost", "not a valid e-mail"),
    "duplicate e-mail": (rows_with((4, "epost", "PER@eksempel.no")), 6, "epost", "also appears in row 5"),
    "empty unit code": (rows_with((4, "enhetskode", "")), 6, "enhetskode", "unit code is missing"),
    "bad leader value": (rows_with((4, "leder", "kanskje")), 6, "leder", "write ja or nei"),
    "two leaders": (rows_with((3, "leder", "ja")), 5, "leder", "already has a leader in row 4"),
    "unknown parent": (rows_with((5, "overordnet_enhetskode", "XX"), (6, "overordnet_enhetskode", "XX")), 7,
                       "overordnet_enhetskode", "XX is neither in the file nor in the organisation"),
    "parent differs": (rows_with((4, "overordnet_enhetskode", "ED")), 6, "overordnet_enhetskode",
                       "parent unit ED here but ADM in row 4"),
    "name differs": (rows_with((3, "enhetsnavn", "Personalkontoret")), 5, "enhetsnavn",
                     "named Personalkontoret here but Personalseksjonen in row 4"),
    "new unit without name": (rows_with((5, "enhetsnavn", ""), (6, "enhetsnavn", "")), 7, "enhetsnavn",
                              "OPL is new, so its name is required"),
    "too long": (rows_with((4, "enhetskode", "X" * 31)), 6, "enhetskode", "too long"),
    "cycle": (rows_with((0, "overordnet_enhetskode", "ADM-PERS")), 2, "overordnet_enhetskode",
              "cycle: ED → ADM-PERS → ADM → ED"),
    "own parent": (rows_with((5, "overordnet_enhetskode", "OPL"), (6, "overordnet_enhetskode", "OPL")), 7,
                   "overordnet_enhetskode", "cycle: OPL → OPL"),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_each_kind_of_bad_row_names_row_and_column_and_writes_nothing(org, case):
    rows, row, column, fragment = BAD_ROWS[case]
    run_import(org, csv_bytes(GOOD_ROWS[:2]))
    before = snapshot(org)
    for dry_run in (True, False):
        report = run_import(org, csv_bytes(rows), dry_run=dry_run)
        assert not report.ok
        assert (report.errors[0].row, report.errors[0].column) == (row, column), error_texts(report)
        assert fragment in report.errors[0].message
        assert f"Row {row}, column {column}:" in str(report.errors[0])
    assert snapshot(org) == before


def test_cycle_through_a_unit_that_is_only_in_the_organisation(org):
    run_import(org, csv_bytes(GOOD_ROWS))
    # ADM-PERS stays below ADM in the organisation; the file puts ADM below ADM-PERS.
    rows = [r for r in GOOD_ROWS if r[4] != "ADM-PERS"]
    rows = [r[:6] + (["ADM-PERS"] if r[4] == "ADM" else [r[6]]) + r[7:] for r in rows]
    report = run_import(org, csv_bytes(rows), partial=True)
    assert any("cycle" in e.message and "ADM" in e.message for e in report.errors), error_texts(report)


@pytest.mark.parametrize("missing", ["ansattnummer", "navn", "epost", "enhetskode", "enhetsnavn",
                                     "overordnet_enhetskode", "leder"])
def test_missing_required_column(org, missing):
    keep = [i for i, h in enumerate(HEADER) if h != missing]
    report = run_import(org, csv_bytes([[r[i] for i in keep] for r in GOOD_ROWS], header=[HEADER[i] for i in keep]))
    assert [(e.row, e.column) for e in report.errors] == [(1, missing)]
    assert "required column" in report.errors[0].message


def test_a_column_given_twice_is_an_error(org):
    header = [*HEADER, "Email"]
    report = run_import(org, csv_bytes([[*r, r[2]] for r in GOOD_ROWS], header=header))
    assert [(e.row, e.column, e.column_letter) for e in report.errors] == [(1, "Email", "I")]


def test_header_only_is_an_error_and_deactivates_nobody(org):
    run_import(org, csv_bytes(GOOD_ROWS))
    report = run_import(org, csv_bytes([]))
    assert not report.ok and "no people" in report.errors[0].message
    assert Person.objects.filter(organisation=org, is_active=True).count() == 7


def test_blank_lines_are_skipped_but_counted_as_rows(org):
    rows = [GOOD_ROWS[0], [], ["", "", ""], *rows_with((1, "epost", "bad"))[1:2]]
    report = run_import(org, csv_bytes(rows))
    assert [(e.row, e.column) for e in report.errors] == [(5, "epost")]


def test_all_errors_are_reported_in_row_order(org):
    rows = rows_with((6, "epost", "x"), (1, "navn", ""), (3, "leder", "?"))
    report = run_import(org, csv_bytes(rows))
    assert [e.row for e in report.errors] == [3, 5, 8]


# --- atomicity ----------------------------------------------------------------------------


def test_one_bad_row_among_many_good_changes_writes_nothing(org):
    run_import(org, csv_bytes(GOOD_ROWS))
    before = snapshot(org)
    rows = rows_with((1, "navn", "Håkon Ny"), *move(3, "OPL", "ED"), (6, "epost", "ugyldig"))
    rows.append(["2000", "Ny Person", "ny@eksempel.no", "", "NY", "Ny enhet", "ED", "ja"])
    report = run_import(org, csv_bytes(rows))
    assert [(e.row, e.column) for e in report.errors] == [(8, "epost")]
    assert snapshot(org) == before


def test_a_database_failure_during_writing_rolls_everything_back(org, monkeypatch):
    from resultatavtaler.organisations.importer import service

    run_import(org, csv_bytes(GOOD_ROWS[:3]))
    before = snapshot(org)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(service, "unit_refresh_paths", broken)
    with pytest.raises(RuntimeError):
        run_import(org, csv_bytes(GOOD_ROWS))
    assert snapshot(org) == before


# --- moves and leavers -----------------------------------------------------------------------


def test_person_moving_to_another_unit(org):
    run_import(org, csv_bytes(GOOD_ROWS))
    report = run_import(org, csv_bytes(rows_with(*move(3, "OPL", "ED"))))
    assert report.ok, error_texts(report)
    assert report.persons_updated == 1 and report.persons_unchanged == 6
    assert Person.objects.get(organisation=org, employee_id="1004").unit.code == "OPL"
    assert any(c.key == "1004" and "ADM-PERS → OPL" in c.detail for c in report.changes)


def test_leader_moving_to_lead_another_unit(org):
    run_import(org, csv_bytes(GOOD_ROWS))
    # Ingrid (1003) leaves the lead of ADM-PERS to Per (1004) and leads OPL instead of Bjørn (1006).
    rows = rows_with(*move(2, "OPL", "ED"), (3, "leder", "ja"), (5, "leder", "nei"))
    report = run_import(org, csv_bytes(rows))
    assert report.ok, error_texts(report)
    assert leaders(org) == {"ED": "1001", "ADM": "1002", "ADM-PERS": "1004", "OPL": "1003"}
    assert report.units_updated == 2


def test_leader_row_saying_nei_removes_the_leader(org):
    run_import(org, csv_bytes(GOOD_ROWS))
    report = run_import(org, csv_bytes(rows_with((2, "leder", "nei"))))
    assert report.ok and report.units_updated == 1
    assert leaders(org)["ADM-PERS"] is None
    assert Person.objects.get(organisation=org, employee_id="1003").is_active


def test_leaver_is_deactivated_and_loses_the_lead(org):
    run_import(org, csv_bytes(GOOD_ROWS))
    report = run_import(org, csv_bytes([r for r in GOOD_ROWS if r[0] != "1002"]))
    assert report.ok, error_texts(report)
    assert (report.persons_deactivated, report.units_updated) == (1, 1)
    hakon = Person.objects.get(organisation=org, employee_id="1002")
    assert not hakon.is_active and hakon.left_at == timezone.localdate()
    assert leaders(org)["ADM"] is None
    assert any(c.action == "deactivated" and c.key == "1002" for c in report.changes)
    # Importing the same shorter file again: all unchanged, the leaver is not deactivated twice.
    again = run_import(org, csv_bytes([r for r in GOOD_ROWS if r[0] != "1002"]))
    assert again.all_unchanged and again.persons_deactivated == 0


def test_leaver_who_comes_back_is_active_again(org):
    run_import(org, csv_bytes(GOOD_ROWS))
    run_import(org, csv_bytes(GOOD_ROWS[:-1]))
    report = run_import(org, csv_bytes(GOOD_ROWS))
    assert report.persons_updated == 1
    linn = Person.objects.get(organisation=org, employee_id="1007")
    assert linn.is_active and linn.left_at is None


def test_partial_import_deactivates_nobody_and_keeps_absent_leaders(org):
    run_import(org, csv_bytes(GOOD_ROWS))
    rows = [r for r in GOOD_ROWS if r[4] == "OPL"] + [
        ["3001", "Nina Ny", "nina@eksempel.no", "Rådgiver", "ADM-PERS", "", "ADM", "nei"]
    ]
    report = run_import(org, csv_bytes(rows), partial=True)
    assert report.ok, error_texts(report)
    assert (report.persons_created, report.persons_deactivated) == (1, 0)
    assert Person.objects.filter(organisation=org, is_active=True).count() == 8
    assert leaders(org)["ADM-PERS"] == "1003"


def test_unit_rename_and_move(org):
    run_import(org, csv_bytes(GOOD_ROWS))
    rows = [r[:5] + (["HR-seksjonen", "OPL"] if r[4] == "ADM-PERS" else r[5:7]) + r[7:] for r in GOOD_ROWS]
    report = run_import(org, csv_bytes(rows))
    assert report.ok and report.units_updated == 1, error_texts(report)
    unit = Unit.objects.get(organisation=org, code="ADM-PERS")
    opl = Unit.objects.get(organisation=org, code="OPL")
    assert unit.name == "HR-seksjonen" and unit.parent == opl and unit.path.startswith(opl.path)


def test_updated_at_moves_only_for_changed_people(org):
    run_import(org, csv_bytes(GOOD_ROWS))
    old = timezone.now() - datetime.timedelta(days=3)
    Person.objects.filter(organisation=org).update(updated_at=old)
    run_import(org, csv_bytes(rows_with((0, "stillingstittel", "Departementsråd (fung.)"))))
    changed = set(Person.objects.filter(organisation=org).exclude(updated_at=old).values_list("employee_id", flat=True))
    assert changed == {"1001"}


def test_other_organisations_are_untouched(org, cast):
    before = snapshot(cast.other_organisation)
    run_import(org, csv_bytes(GOOD_ROWS))
    assert snapshot(cast.other_organisation) == before


def test_existing_cast_is_updated_in_place(cast):
    """An organisation set up by hand: the file takes over its existing units by code."""
    org = cast.organisation
    rows = [
        [cast.director.employee_id, cast.director.name, "dina@td.no", "", "TD", "", "", "ja"],
        [cast.superior.employee_id, cast.superior.name, "sverre@td.no", "", "ADM", "", "TD", "ja"],
        [cast.leader.employee_id, cast.leader.name, "live@td.no", "", "ADM-PERS", "", "ADM", "ja"],
    ]
    report = run_import(org, csv_bytes(rows), partial=True)
    assert report.ok and report.units_created == 0, error_texts(report)
    assert report.persons_updated == 3  # new e-mails
    assert leaders(org)["ADM-OKO"] == cast.other_leader.employee_id


def test_service_accepts_a_table(org):
    report = organisation_import(
        organisation=org, rows_source=Table.from_records(HEADER, GOOD_ROWS), dry_run=False, actor=None
    )
    assert report.ok and report.persons_created == 7


def test_actor_needs_the_right(cast):
    from resultatavtaler.core_errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        run_import(cast.organisation, csv_bytes(GOOD_ROWS), actor=cast.employee)
    with pytest.raises(PermissionDeniedError):
        run_import(cast.other_organisation, csv_bytes(GOOD_ROWS), actor=cast.process_owner)
    assert run_import(cast.organisation, csv_bytes(GOOD_ROWS), actor=cast.process_owner, dry_run=True).ok
