"""`CompiledRows` gives the rows of the QuerySet it was built from, compiles that QuerySet once per
database, and refuses statements it cannot run faithfully (docs/performance.md §31)."""

import pytest
from django.db.models import CharField, Value

from resultatavtaler.accounts import permissions
from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.audit.services import audit_record
from resultatavtaler.lib.compiled import CompiledRows
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.models import Person, Unit
from resultatavtaler.organisations.services import role_grant


def _units_led_or_granted(organisation_id, person_id):
    led = (
        Unit.objects.filter(organisation_id=organisation_id, leader_id=person_id)
        .annotate(mark=Value("leads", output_field=CharField()))
        .values_list("mark", "pk", "path")
    )
    granted = Unit.objects.filter(organisation_id=organisation_id, role_grants__person_id=person_id).values_list(
        "role_grants__role", "pk", "path"
    )
    return led.order_by().union(granted.order_by(), all=True)


@pytest.mark.django_db
def test_the_rows_are_the_querysets_rows_for_every_person(cast):
    role_grant(person=cast.leader, role=GrantedRole.PAY, unit=cast.department)
    role_grant(person=cast.superior, role=GrantedRole.PROCESS_OWNER, unit=cast.section)
    compiled = CompiledRows(_units_led_or_granted, int, int)
    persons = list(Person.objects.order_by("pk"))
    seen = set()
    for person in persons:
        for organisation_id in (cast.organisation.pk, cast.other_organisation.pk):
            expected = sorted(_units_led_or_granted(organisation_id, person.pk))
            assert sorted(compiled.rows(organisation_id, person.pk)) == expected
            seen.add(len(expected))
    assert {0, 1, 2} <= seen  # nobody, a leader, and a leader who also holds a grant


@pytest.mark.django_db
def test_the_statement_is_built_and_compiled_once(cast, executed):
    built = []

    def build(organisation_id, person_id):
        built.append((organisation_id, person_id))
        return _units_led_or_granted(organisation_id, person_id)

    compiled = CompiledRows(build, int, int)
    with executed() as ran:
        assert compiled.rows(cast.organisation.pk, cast.leader.pk) == [("leads", cast.section.pk, cast.section.path)]
        assert compiled.rows(cast.organisation.pk, cast.superior.pk) == [
            ("leads", cast.department.pk, cast.department.path)
        ]
        assert compiled.rows(cast.other_organisation.pk, cast.leader.pk) == []
    assert len(built) == 1
    assert len({sql for sql, _params in ran}) == 1  # one statement, its parameters placeholders
    # Django orders a filter's keywords by name: the leader before the organisation.
    assert [params for _sql, params in ran] == [
        ("leads", person, organisation, organisation, person)
        for organisation, person in (
            (cast.organisation.pk, cast.leader.pk),
            (cast.organisation.pk, cast.superior.pk),
            (cast.other_organisation.pk, cast.leader.pk),
        )
    ]


@pytest.mark.django_db
def test_the_readers_grants_are_those_the_orm_reads(cast):
    role_grant(person=cast.superior, role=GrantedRole.PROCESS_OWNER, unit=cast.section)
    for person in (cast.superior, cast.leader, cast.employee, cast.process_owner, cast.outsider):
        expected = set(
            person.role_grants.filter(organisation_id=person.organisation_id).values_list(
                "role", "unit_id", "unit__path"
            )
        )
        led = sorted(
            Unit.objects.filter(organisation_id=person.organisation_id, leader=person).values_list("path", flat=True)
        )
        grants, led_paths = permissions._reader(person)
        assert set(grants) == expected
        assert led_paths == led


@pytest.mark.django_db
def test_columns_are_converted_as_django_converts_them(cast):
    """JSON, dates and flags: SQLite hands out text and integers, Django's converters make them
    what the QuerySet gives."""
    event = audit_record(
        organisation=cast.organisation,
        actor=cast.leader.user,
        action="test.compiled",
        obj=cast.section,
        data={"n": 1, "text": "æøå"},
    )

    def build(event_id):
        columns = ("data", "created_at", "organisation__uses_pay_summary")
        return AuditEvent.objects.filter(pk=event_id).values_list(*columns)

    (expected,) = build(event.pk)
    assert isinstance(expected[0], dict) and expected[1].tzinfo is not None and expected[2] is False
    assert CompiledRows(build, int).rows(event.pk) == [expected]


@pytest.mark.django_db
def test_a_string_argument_is_compared_as_it_is(cast):
    def build(code):
        return Unit.objects.filter(code=code).values_list("pk")

    compiled = CompiledRows(build, str)
    assert compiled.rows("ADM-PERS") == [(cast.section.pk,)]
    assert compiled.rows("adm-pers") == list(build("adm-pers"))
    assert compiled.rows("x' OR '1'='1") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "build, message",
    [
        (lambda a: Unit.objects.filter(pk=a), "values_list"),
        (lambda a: Unit.objects.filter(pk=a).values("path"), "values_list"),
        (lambda a: Unit.objects.filter(pk=a).values_list("path", flat=True), "values_list"),
        (lambda a: Unit.objects.filter(pk=1).values_list("path"), "every argument"),
    ],
)
def test_what_it_cannot_run_faithfully_is_refused_at_the_first_use(build, message):
    with pytest.raises(TypeError, match=message):
        CompiledRows(build, int).rows(1)


@pytest.mark.django_db
def test_a_string_the_lookup_changes_is_refused():
    compiled = CompiledRows(lambda name: Unit.objects.filter(name__icontains=name).values_list("pk"), str)
    with pytest.raises(TypeError, match="every argument"):
        compiled.rows("seksjon")


@pytest.mark.parametrize("args", [(), (1, 2), ("1",), (True,), (None,), (1.0,)])
def test_the_arguments_are_as_many_and_of_the_types_declared(args):
    compiled = CompiledRows(lambda a: Unit.objects.filter(pk=a).values_list("path"), int)
    with pytest.raises(TypeError, match="expected arguments"):
        compiled.rows(*args)


def test_only_integer_and_string_arguments_are_declared():
    with pytest.raises(TypeError):
        CompiledRows(lambda a: Unit.objects.none(), float)


@pytest.mark.django_db
def test_the_readers_statement_is_built_once_for_every_reader(cast, monkeypatch):
    built = []

    def build(organisation_id, person_id):
        built.append(person_id)
        return permissions._reader_statement(organisation_id, person_id)

    monkeypatch.setattr(permissions, "_READER", CompiledRows(build, int, int))
    assert [permissions.led_unit_paths(p) for p in (cast.leader, cast.superior, cast.employee)] == [
        [cast.section.path],
        [cast.department.path],
        [],
    ]
    assert len(built) == 1
