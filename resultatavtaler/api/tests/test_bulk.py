"""The two bulk writes: HR upsert (the file import's rules fed with JSON) and the
measurements push — idempotent, all or nothing, with row-level errors."""

import datetime
from decimal import Decimal

import pytest

from resultatavtaler.agreements.models import Agreement
from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.evaluations.models import Measurement, MeasurementImport
from resultatavtaler.organisations.models import Person, Unit

from .conftest import problem

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "employee_id": "H1",
        "name": "Hanne Hode",
        "email": "hanne@td.example",
        "title": "Avdelingsdirektør",
        "unit_code": "IKT",
        "unit_name": "IKT-seksjonen",
        "parent_unit_code": "ADM",
        "is_leader": True,
    },
    {
        "employee_id": "H2",
        "name": "Hans Hale",
        "email": "hans@td.example",
        "title": "Rådgiver",
        "unit_code": "IKT",
        "unit_name": "",
        "parent_unit_code": "ADM",
        "is_leader": False,
    },
]


def state(organisation):
    return (
        sorted(
            Person.objects.filter(organisation=organisation).values_list(
                "employee_id", "name", "email", "title", "unit__code", "is_active"
            )
        ),
        sorted(
            Unit.objects.filter(organisation=organisation).values_list(
                "code", "name", "parent__code", "leader__employee_id"
            )
        ),
    )


def test_hr_upsert_creates_then_changes_nothing_the_second_time(cast, write_token, api_as):
    api = api_as(token=write_token)
    first = api.post("/api/v1/persons/bulk", {"rows": ROWS})
    assert first.status_code == 200, first.content
    counts = first.json()["counts"]
    assert counts["persons_created"] == 2 and counts["units_created"] == 1
    ikt = Unit.objects.get(organisation=cast.organisation, code="IKT")
    assert ikt.parent == cast.department and ikt.leader.employee_id == "H1"
    assert {c["index"] for c in first.json()["changes"]} == {0, 1}
    after_first = state(cast.organisation)
    second = api.post("/api/v1/persons/bulk", {"rows": ROWS}).json()
    assert second["counts"]["persons_unchanged"] == 2 and second["counts"]["units_unchanged"] == 1
    assert second["counts"]["persons_created"] == second["counts"]["persons_updated"] == 0
    assert second["changes"] == []
    assert state(cast.organisation) == after_first


def test_hr_upsert_is_all_or_nothing_with_errors_by_row_and_field(cast, write_token, api_as):
    before = state(cast.organisation)
    rows = [
        ROWS[0],
        {**ROWS[1], "email": "not-an-address"},
        {**ROWS[1], "employee_id": "H3", "email": "h3@x.no", "unit_code": "GHOST", "parent_unit_code": "NOWHERE"},
    ]
    body = problem(api_as(token=write_token).post("/api/v1/persons/bulk", {"rows": rows}), 422)
    fields = [e["field"] for e in body["errors"]]
    assert "rows.1.email" in fields and "rows.2.parent_unit_code" in fields
    assert "rows.0" not in " ".join(fields)
    assert body["report"]["counts"]["errors"] == len(body["errors"])
    assert state(cast.organisation) == before
    assert not AuditEvent.objects.filter(action="api.persons_upserted").exists()


def test_hr_upsert_dry_run_reports_and_writes_nothing(cast, write_token, api_as):
    before = state(cast.organisation)
    body = api_as(token=write_token).post("/api/v1/persons/bulk", {"rows": ROWS, "dry_run": True}).json()
    assert body["dry_run"] is True and body["counts"]["persons_created"] == 2
    assert state(cast.organisation) == before


def test_a_full_export_marks_the_others_as_having_left(cast, write_token, api_as):
    body = api_as(token=write_token).post("/api/v1/persons/bulk", {"rows": ROWS, "partial": False}).json()
    assert (
        body["counts"]["persons_deactivated"]
        == Person.objects.filter(organisation=cast.organisation, is_active=False).count()
        > 0
    )
    cast.leader.refresh_from_db()
    assert not cast.leader.is_active
    assert body["warnings"]


def test_titles_are_given_on_every_row_or_none(cast, write_token, api_as):
    rows = [ROWS[0], {k: v for k, v in ROWS[1].items() if k != "title"}]
    body = problem(api_as(token=write_token).post("/api/v1/persons/bulk", {"rows": rows}), 422)
    assert [e["field"] for e in body["errors"]] == ["rows.1.title"]
    without = [{k: v for k, v in r.items() if k != "title"} for r in ROWS]
    assert api_as(token=write_token).post("/api/v1/persons/bulk", {"rows": without}).status_code == 200
    assert Person.objects.get(employee_id="H1").title == ""


def test_control_characters_are_refused_before_anything_is_read(write_token, api_as):
    rows = [{**ROWS[0], "name": "Hanne\x00Hode"}]
    body = problem(api_as(token=write_token).post("/api/v1/persons/bulk", {"rows": rows}), 422)
    assert body["errors"][0]["field"] == "rows.0.name"


# --- measurements --------------------------------------------------------------------------------


def push(api, world, rows, **extra):
    return api.post("/api/v1/measurements/bulk", {"rows": rows, **extra})


def test_measurements_are_upserted_and_the_same_push_changes_nothing(world, write_token, api_as):
    api = api_as(token=write_token)
    key = f"IND-{world.indicator.pk}"
    rows = [
        {"indicator": key, "date": "2026-04-30", "value": 38.5, "source": "Sak"},
        {"indicator": "1.1/1", "agreement": world.signed.pk, "date": "2026-05-31", "value": "36", "source": "Sak"},
        {"indicator": key, "date": "2026-03-31", "value": 41.5, "source": "Sak"},  # as already recorded
    ]
    first = push(api, world, rows).json()
    assert (first["created"], first["updated"], first["unchanged"]) == (2, 0, 1)
    assert first["agreements"] == [world.signed.pk]
    values = dict(world.indicator.measurements.values_list("date", "value"))
    assert values[datetime.date(2026, 5, 31)] == Decimal("36")
    again = push(api, world, rows).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    changed = push(api, world, [{**rows[0], "value": 37}]).json()
    assert changed["updated"] == 1
    batch = MeasurementImport.objects.filter(agreement=world.signed).first()
    assert batch.filename == "API: HR" and batch.imported_by is None
    assert AuditEvent.objects.filter(action="api.measurements_pushed").count() == 3


def test_a_bad_row_rejects_the_whole_push(world, write_token, api_as):
    before = list(Measurement.objects.values_list("pk", "value"))
    rows = [
        {"indicator": f"IND-{world.indicator.pk}", "date": "2026-04-30", "value": 38},
        {"indicator": "IND-999999", "date": "2026-04-30", "value": 38},
        {"indicator": f"IND-{world.indicator.pk}", "date": "2026-06-30", "value": "1,2345"},
        {"indicator": "2.1/1", "date": "2026-04-30", "value": 1},
        {"indicator": f"IND-{world.indicator.pk}", "date": "2026-04-30", "value": 39},
    ]
    body = problem(push(api_as(token=write_token), world, rows), 422)
    assert [e["field"] for e in body["errors"]] == [
        "rows.1.indicator",
        "rows.2.value",
        "rows.3.agreement",
        "rows.4.value",
    ]
    assert list(Measurement.objects.values_list("pk", "value")) == before


def test_a_dry_run_push_writes_nothing(world, write_token, api_as):
    rows = [{"indicator": f"IND-{world.indicator.pk}", "date": "2026-04-30", "value": 38}]
    body = push(api_as(token=write_token), world, rows, dry_run=True).json()
    assert body["created"] == 1 and world.indicator.measurements.count() == 1


def test_a_closed_agreement_takes_no_measurements(world, write_token, api_as):
    # Set-up shortcut: the follow-up to "closed" is the evaluations app's flow, tested there.
    Agreement.objects.filter(pk=world.signed.pk).update(state="closed")
    rows = [{"indicator": f"IND-{world.indicator.pk}", "date": "2026-04-30", "value": 38}]
    body = problem(push(api_as(token=write_token), world, rows), 422)
    assert body["errors"][0]["field"] == "rows.0.indicator"
    assert world.indicator.measurements.count() == 1


def test_measurements_read_back(world, read_token, api_as):
    items = api_as(token=read_token).get("/api/v1/measurements", agreement=world.signed.pk).json()["items"]
    assert [(m["indicator"], m["date"], m["value"], m["source"]) for m in items] == [
        (f"IND-{world.indicator.pk}", "2026-03-31", 41.5, "Sak")
    ]
    assert api_as(token=read_token).get("/api/v1/measurements", date_from="2026-04-01").json()["items"] == []
