"""Properties of the HR import (CONVENTIONS.md: property tests for the importers):
for any valid file, a second import changes nothing; one bad row anywhere means nothing is
written."""

from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resultatavtaler.organisations.models import Organisation

from .import_helpers import HEADER, csv_bytes, run_import, snapshot, xlsx_bytes

# Characters every allowed encoding can carry (cp1252 included), with the Norwegian letters.
NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ -"
names = st.text(NAME_ALPHABET, min_size=1, max_size=30).filter(lambda s: s.strip())


@dataclass
class Export:
    rows: list[list[str]]
    units: list[str]
    fmt: str  # "csv" or "xlsx"
    sep: str
    encoding: str

    def data(self, rows=None) -> bytes:
        rows = self.rows if rows is None else rows
        if self.fmt == "xlsx":
            return xlsx_bytes(rows)
        return csv_bytes(rows, sep=self.sep, encoding=self.encoding)


@st.composite
def exports(draw) -> Export:
    n_units = draw(st.integers(1, 6))
    units = [f"U{i}" for i in range(n_units)]
    parents = [""] + [units[draw(st.integers(0, i - 1))] for i in range(1, n_units)]
    unit_names = [draw(names) for _ in units]
    n_persons = draw(st.integers(n_units, n_units + 10))
    ids = draw(st.lists(st.integers(1, 99999), min_size=n_persons, max_size=n_persons, unique=True))
    # Every unit has at least one person, so every parent appears in the file.
    members = list(range(n_units)) + [draw(st.integers(0, n_units - 1)) for _ in range(n_persons - n_units)]
    leaders = {}
    for u in range(n_units):
        candidates = [i for i, m in enumerate(members) if m == u]
        if draw(st.booleans()):
            leaders[u] = draw(st.sampled_from(candidates))
    name_every_row = draw(st.booleans())
    named: set[int] = set()
    rows = []
    for i, (employee, u) in enumerate(zip(ids, members, strict=True)):
        give_name = name_every_row or u not in named
        named.add(u)
        rows.append([
            str(employee),
            draw(names),
            draw(st.sampled_from([f"p{employee}@eksempel.no", ""])),
            draw(st.sampled_from(["Rådgiver", "Seniorrådgiver", "Avdelingsdirektør", ""])),
            units[u],
            unit_names[u] if give_name else "",
            parents[u],
            draw(st.sampled_from(["ja", "JA", "yes", "1"])) if leaders.get(u) == i else
            draw(st.sampled_from(["nei", "", "no", "0"])),
        ])
    rows = draw(st.permutations(rows))
    fmt = draw(st.sampled_from(["csv", "xlsx"]))
    return Export(rows=list(rows), units=units, fmt=fmt, sep=draw(st.sampled_from([";", ","])),
                  encoding=draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])))


def bad_row(kind: str, export: Export) -> list[str]:
    first = export.rows[0]
    unit = first[4]
    unit_rows = [r for r in export.rows if r[4] == unit]
    parent = unit_rows[0][6]
    good = ["777777", "Ny Person", "ny@eksempel.no", "", unit, "", parent, "nei"]
    col = HEADER.index
    if kind == "duplicate id":
        good[col("ansattnummer")] = first[0]
    elif kind == "empty id":
        good[col("ansattnummer")] = ""
    elif kind == "bad e-mail":
        good[col("epost")] = "ny(at)eksempel.no"
    elif kind == "empty name":
        good[col("navn")] = "  "
    elif kind == "bad leader value":
        good[col("leder")] = "kanskje"
    elif kind == "empty unit code":
        good[col("enhetskode")] = ""
    elif kind == "unknown parent":
        good[4:7] = ["NY", "Ny enhet", "FINNES-IKKE"]
    elif kind == "cycle":
        good[4:7] = ["NY", "Ny enhet", "NY"]
    elif kind == "new unit without name":
        good[4:7] = ["NY", "", export.units[0]]
    elif kind == "parent differs":
        good[col("overordnet_enhetskode")] = "U0" if parent != "U0" else ""
    elif kind == "two leaders":
        if any(r[7].lower() in ("ja", "yes", "1") for r in unit_rows):
            good[col("leder")] = "ja"
        else:  # the unit has no leader yet: give it two
            good[col("leder")] = "ja"
            return [good, [*good[:1], "Andre Leder", "andre@eksempel.no", *good[3:]]]
    return [good]


BAD_KINDS = ["duplicate id", "empty id", "bad e-mail", "empty name", "bad leader value", "empty unit code",
             "unknown parent", "cycle", "new unit without name", "parent differs", "two leaders"]


def fix_two_leaders(rows: list[list[str]]) -> list[list[str]]:
    # The second of two new leader rows needs its own employee number.
    if len(rows) == 2:
        rows[1][0] = "777778"
    return rows


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(export=exports(), kind=st.sampled_from(BAD_KINDS), position=st.integers(0, 1000), partial=st.booleans())
def test_second_import_unchanged_and_a_bad_row_writes_nothing(export, kind, position, partial):
    with transaction.atomic():
        org = Organisation.objects.create(name="Egenskapsdepartementet", org_number="999000037")

        first = run_import(org, export.data(), partial=partial)
        assert first.ok, [str(e) for e in first.errors]
        assert first.persons_created == len(export.rows)
        assert first.units_created == len(export.units)
        after_first = snapshot(org)

        second = run_import(org, export.data(), partial=partial)
        assert second.ok and second.all_unchanged, second.changes
        assert second.persons_unchanged == len(export.rows)
        assert snapshot(org) == after_first

        rows = list(export.rows)
        bad = fix_two_leaders(bad_row(kind, export))
        at = position % (len(rows) + 1)
        rows[at:at] = bad
        for dry_run in (True, False):
            report = run_import(org, export.data(rows), partial=partial, dry_run=dry_run)
            assert not report.ok, kind
            assert all(e.row is not None and e.row >= 1 for e in report.errors)
        assert snapshot(org) == after_first
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(export=exports(), kind=st.sampled_from(BAD_KINDS))
def test_a_bad_row_in_a_first_import_writes_nothing(export, kind):
    with transaction.atomic():
        org = Organisation.objects.create(name="Egenskapsdepartementet", org_number="999000037")
        rows = [*export.rows, *fix_two_leaders(bad_row(kind, export))]
        report = run_import(org, export.data(rows))
        assert not report.ok, kind
        assert snapshot(org) == ((), ())
        transaction.set_rollback(True)
