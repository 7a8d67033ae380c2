"""The demo organisations (`manage.py load_demo` / `demo_logins`): what someone trying the
demo meets — enough people, the seed's departments, logins that work and form one chain —
and that loading twice changes nothing."""

import io
import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from resultatavtaler.accounts.permissions import is_admin, is_process_owner
from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.lib.validators import is_valid_organisation_number
from resultatavtaler.organisations import demo
from resultatavtaler.organisations.constants import GrantedRole, Language, UnitKind
from resultatavtaler.organisations.models import Organisation, Person, RoleGrant, Unit
from resultatavtaler.organisations.selectors import superior_of, upper_chain_of

User = get_user_model()

KRD_DEPARTMENTS = {"PA", "INN", "KOMM", "BOBY", "REGA", "SAMI"}


@pytest.fixture
def demo_orgs(db):
    return demo.load()


def _row_counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "units": Unit.objects.count(),
        "persons": Person.objects.count(),
        "grants": RoleGrant.objects.count(),
        "users": User.objects.count(),
        "groups": Group.objects.count(),
        "group memberships": User.groups.through.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


# --- the plan (no database) -------------------------------------------------------------------


def test_plan_is_deterministic_and_fictional():
    for spec in demo.MINISTRIES:
        plan = demo.build_plan(spec)
        assert plan == demo.build_plan(spec)
        assert is_valid_organisation_number(spec.org_number) and spec.org_number.startswith("999")
        names = [p.name for p in plan.persons]
        assert len(set(names)) == len(names)
        assert len({p.email for p in plan.persons}) == len(names)
        for p in plan.persons:
            first, last = p.name.split(" ", 1)
            assert first in demo.FIRST_NAMES and last in demo.LAST_NAMES
            assert p.name not in demo._AVOID
            assert re.fullmatch(rf"[a-z-]+\.[a-z-]+@{re.escape(spec.email_domain)}", p.email), p.email
            assert re.fullmatch(rf"{spec.id_prefix}\d{{4}}", p.employee_id)


def test_plan_has_the_titles_and_languages_of_a_real_ministry():
    persons = [p for spec in demo.MINISTRIES for p in demo.build_plan(spec).persons]
    titles = {p.title for p in persons}
    assert {"Departementsråd", "Ekspedisjonssjef", "Rådgiver", "Seniorrådgiver", "Førstekonsulent"} <= titles
    assert {"Underdirektør", "Avdelingsdirektør", "Seksjonssjef"} <= titles
    languages = [p.language for p in persons]
    assert languages.count(Language.NYNORSK) >= 10
    assert languages.count(Language.ENGLISH) >= 3


# --- what load() builds ---------------------------------------------------------------------


def test_two_ministries_with_the_seed_departments_and_about_420_people(demo_orgs):
    assert Person.objects.filter(organisation__in=demo_orgs.organisations.values()).count() >= 300
    krd, ufd = demo_orgs.krd, demo_orgs.ufd
    assert "(demo)" in krd.name and "(demo)" in ufd.name

    departments = Unit.objects.filter(organisation=krd, kind=UnitKind.DEPARTMENT)
    assert {d.code for d in departments} == KRD_DEPARTMENTS
    for department in departments:
        sections = department.children.filter(kind=UnitKind.SECTION)
        assert 3 <= sections.count() <= 5, department.code
        assert all(s.code.startswith(f"{department.code}-") for s in sections)
    assert demo_orgs.unit("KOMM-OKO").name == "Seksjon for kommuneøkonomi"

    ufd_departments = Unit.objects.filter(organisation=ufd, kind=UnitKind.DEPARTMENT)
    assert {d.code for d in ufd_departments} == {"AD", "OA"}
    for department in ufd_departments:
        assert department.children.filter(kind=UnitKind.SECTION).count() >= 3


def test_every_unit_has_a_leader_of_the_right_rank(demo_orgs):
    expected = {
        UnitKind.MINISTRY: {"Departementsråd"},
        UnitKind.DEPARTMENT: {"Ekspedisjonssjef"},
        UnitKind.SECTION: {"Seksjonssjef", "Avdelingsdirektør"},
    }
    for org in demo_orgs.organisations.values():
        top = Unit.objects.get(organisation=org, parent=None)
        assert top.kind == UnitKind.MINISTRY
        for unit in Unit.objects.filter(organisation=org).select_related("leader"):
            assert unit.leader is not None, unit.code
            assert unit.leader.unit_id == unit.pk
            assert unit.path.startswith(top.path)
            if unit.kind in expected:
                assert unit.leader.title in expected[unit.kind], unit.code
    assert Person.objects.filter(organisation=demo_orgs.krd, title="Underdirektør").exists()


def test_every_demo_login_authenticates_with_the_demo_password(demo_orgs):
    request = RequestFactory().post("/konto/logg-inn/")
    assert set(demo_orgs.logins) == {spec.username for spec in demo.LOGINS}
    for spec in demo.LOGINS:
        person = demo_orgs.person(spec.username)
        assert person.user is not None and person.user.username == spec.username
        assert person.organisation == demo_orgs.organisations[spec.ministry]
        assert authenticate(request, username=spec.username, password=demo.DEMO_PASSWORD) == person.user
        assert person.user.groups.filter(name=demo.DEMO_GROUP).exists()
        assert not person.user.is_staff and not person.user.is_superuser
    assert authenticate(request, username="leder", password="wrong-password") is None


def test_the_demo_logins_form_one_chain(demo_orgs):
    p = demo_orgs.person
    assert superior_of(p("ansatt")) == p("leder")
    assert superior_of(p("leder")) == p("ekspedisjonssjef")
    assert superior_of(p("leder2")) == p("ekspedisjonssjef")
    assert superior_of(p("ekspedisjonssjef")) == p("departementsrad")
    assert superior_of(p("departementsrad")) is None
    assert upper_chain_of(p("leder")) == [p("ekspedisjonssjef"), p("departementsrad")]
    assert p("leder").unit.parent == p("ekspedisjonssjef").unit == demo_orgs.unit("KOMM")
    assert p("ansatt").unit == p("leder").unit
    # UFD: AD and OA
    assert superior_of(p("ad-leder")) == p("ad-ekspsjef")
    assert superior_of(p("oa-leder")) == p("oa-ekspsjef")
    assert p("ad-leder").title == "Avdelingsdirektør"
    assert p("ad-ekspsjef").unit.code == "AD" and p("oa-ekspsjef").unit.code == "OA"
    assert superior_of(p("ad-ekspsjef")) == superior_of(p("oa-ekspsjef"))
    assert superior_of(p("ad-ekspsjef")).title == "Departementsråd"
    assert p("oa-leder").language == Language.NYNORSK


def test_each_ministry_has_a_process_owner_and_an_admin(demo_orgs):
    owner, admin = demo_orgs.person("prosessansvarlig"), demo_orgs.person("admin")
    assert is_process_owner(owner) and not is_admin(owner)
    assert is_admin(admin) and not is_process_owner(admin)
    assert owner.title == "HR-rådgiver"
    for name in ("departementsrad", "ekspedisjonssjef", "leder", "ansatt"):
        assert not is_process_owner(demo_orgs.person(name)) and not is_admin(demo_orgs.person(name))
    for org in demo_orgs.organisations.values():
        for role in (GrantedRole.PROCESS_OWNER, GrantedRole.ADMIN):
            grants = RoleGrant.objects.filter(organisation=org, role=role)
            assert grants.count() == 1
            assert grants.get().unit is None and grants.get().person.organisation == org


def test_loading_writes_one_audit_event_per_ministry(demo_orgs):
    events = AuditEvent.objects.filter(action="organisations.demo_loaded")
    assert {e.organisation_id for e in events} == {o.pk for o in demo_orgs.organisations.values()}


# --- idempotency ----------------------------------------------------------------------------


def test_a_second_load_writes_nothing(demo_orgs):
    counts = _row_counts()
    updated = dict(Person.objects.values_list("pk", "updated_at"))
    passwords = dict(User.objects.values_list("username", "password"))

    with CaptureQueriesContext(connection) as queries:
        again = demo.load()

    writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.IGNORECASE)]
    assert writes == []
    assert _row_counts() == counts
    assert dict(Person.objects.values_list("pk", "updated_at")) == updated
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert not again.written
    assert {k: p.pk for k, p in again.logins.items()} == {k: p.pk for k, p in demo_orgs.logins.items()}


def test_load_demo_twice_through_the_command(db, settings):
    settings.DEBUG = True
    first = io.StringIO()
    call_command("load_demo", stdout=first)
    counts = _row_counts()
    updated = dict(Person.objects.values_list("pk", "updated_at"))
    second = io.StringIO()
    call_command("load_demo", stdout=second)
    assert _row_counts() == counts
    assert dict(Person.objects.values_list("pk", "updated_at")) == updated
    assert "persons" in first.getvalue() and "Written this run" in first.getvalue()
    assert "Nothing to do" in second.getvalue()


def test_load_completes_what_is_missing_and_keeps_what_was_changed(demo_orgs):
    leder = demo_orgs.person("leder")
    komm_valg = demo_orgs.unit("KOMM-VALG")
    komm_valg.leader = leder  # a process owner changed a leader by hand
    komm_valg.save()
    Person.objects.filter(employee_id="KRD0300").delete()
    leder.user.set_password("my-own-new-password")
    leder.user.save()

    result = demo.load()

    komm_valg.refresh_from_db()
    assert komm_valg.leader == leder
    assert Person.objects.filter(organisation=demo_orgs.krd, employee_id="KRD0300").exists()
    assert result.written == {"persons": 1, "passwords reset": 1}
    leder.user.refresh_from_db()
    assert leder.user.check_password(demo.DEMO_PASSWORD)


def test_an_existing_account_with_a_demo_username_is_left_alone(db):
    superuser = User.objects.create_superuser("admin", "root@example.org", "the-operators-own-password")

    result = demo.load()

    superuser.refresh_from_db()
    assert superuser.check_password("the-operators-own-password")
    assert not superuser.groups.exists()
    assert result.person("admin").user is None
    assert any("'admin'" in w for w in result.warnings)
    assert "Warning" in result.summary()


# --- the commands ---------------------------------------------------------------------------


def test_load_demo_refuses_with_debug_off_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.filter(username="leder").exists()
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert User.objects.filter(username="leder").exists()


def test_demo_logins_prints_every_login_the_password_and_the_url(demo_orgs, settings):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for spec in demo.LOGINS:
        person = demo_orgs.person(spec.username)
        line = next(line for line in text.splitlines() if line.startswith(f"{spec.username} "))
        assert spec.role_nb in line and spec.role_en in line
        assert person.name in line and person.unit.name in line
    assert demo.DEMO_PASSWORD in text
    assert "http://127.0.0.1:8000/" in text


def test_demo_logins_without_demo_data_says_what_to_do(db):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("demo_logins", stdout=io.StringIO())


# --- the real login page --------------------------------------------------------------------


@pytest.mark.parametrize("username", ["leder", "ansatt", "prosessansvarlig"])
def test_a_demo_login_through_the_login_page_lands_on_the_home_page(demo_orgs, client, username):
    response = client.post("/konto/logg-inn/", {"username": username, "password": demo.DEMO_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert response.status_code == 200
    assert response.context["person"] == demo_orgs.person(username)
    assert demo_orgs.person(username).name in response.content.decode()
