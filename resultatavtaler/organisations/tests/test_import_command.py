"""manage.py import_org: the same service from the command line; non-zero exit on errors."""

import pytest
from django.core.management import CommandError, call_command

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.organisations.models import Person
from resultatavtaler.organisations.tests.factories import OrganisationFactory

from .import_helpers import GOOD_ROWS, csv_bytes, snapshot


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Eksempeldepartementet", org_number="999000029", default_language="en")


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "hr-eksport.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS, encoding="cp1252"))
    return path


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_org", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_and_audits(org, good_file):
    out, _err = run(str(good_file), "--organisation", org.org_number)
    assert "7 created" in out and "The import is saved." in out
    assert Person.objects.filter(organisation=org).count() == 7
    event = AuditEvent.objects.get(action="organisation.import", organisation=org)
    assert event.data["persons_created"] == 7 and event.data["units_created"] == 4
    assert event.data["filename"] == "hr-eksport.csv"

    out, _err = run(str(good_file), "--organisation", org.org_number)
    assert "7 unchanged" in out and "already up to date" in out


def test_command_dry_run_writes_nothing(org, good_file):
    out, _err = run(str(good_file), "--organisation", org.org_number, "--dry-run")
    assert "Dry run" in out and "7 created" in out
    assert not Person.objects.filter(organisation=org).exists()
    assert not AuditEvent.objects.filter(action="organisation.import").exists()


def test_command_exits_non_zero_and_lists_errors(org, tmp_path, good_file):
    run(str(good_file), "--organisation", org.org_number)
    before = snapshot(org)
    bad = tmp_path / "bad.csv"
    rows = [list(r) for r in GOOD_ROWS]
    rows[3][2] = "ikke en epost"
    bad.write_bytes(csv_bytes(rows))
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError, match="1 error; nothing was saved"):
        call_command("import_org", str(bad), "--organisation", org.org_number, stdout=StringIO(), stderr=err)
    assert "Row 5, column epost: ikke en epost is not a valid e-mail address." in err.getvalue()
    assert snapshot(org) == before


def test_command_uses_the_organisation_language_or_the_option(org, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"navn;epost\nA;a@b.no\n")
    from io import StringIO

    for language, expected in (("en", "The required column ansattnummer"), ("nb", "ansattnummer")):
        err = StringIO()
        with pytest.raises(CommandError):
            call_command("import_org", str(bad), "--organisation", org.org_number, "--language", language,
                         stdout=StringIO(), stderr=err)
        assert expected in err.getvalue()


def test_command_partial_keeps_people_missing_from_the_file(org, good_file, tmp_path):
    run(str(good_file), "--organisation", org.org_number)
    part = tmp_path / "part.csv"
    part.write_bytes(csv_bytes(GOOD_ROWS[:2]))
    out, _err = run(str(part), "--organisation", org.org_number, "--partial")
    assert "0 deactivated" in out
    assert Person.objects.filter(organisation=org, is_active=True).count() == 7
    out, err = run(str(part), "--organisation", org.org_number)
    assert "5 deactivated" in out and "marked as having left" in err


def test_command_unknown_organisation_or_file(org, good_file):
    with pytest.raises(CommandError, match="No organisation"):
        run(str(good_file), "--organisation", "123456789")
    with pytest.raises(CommandError, match="does not exist"):
        run("/nonexistent/hr.csv", "--organisation", org.org_number)
