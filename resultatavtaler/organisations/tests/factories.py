from dataclasses import dataclass

import factory
from django.contrib.auth import get_user_model

from resultatavtaler.organisations.constants import GrantedRole, UnitKind
from resultatavtaler.organisations.models import Organisation, Person, Unit
from resultatavtaler.organisations.services import role_grant, unit_create

# Valid mod-11 organisation numbers for tests.
ORG_NUMBERS = ["999000002", "999000010", "999000029", "999000037"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "korrekt-hest-batteri")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("org_number",)

    name = factory.Sequence(lambda n: f"Testdepartementet {n}")
    short_name = factory.Sequence(lambda n: f"TD{n}")
    org_number = factory.Iterator(ORG_NUMBERS)
    # The tests read English unless they choose bokmål or nynorsk (conftest.py).
    default_language = "en"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Faker("name", locale="no_NO")
    email = factory.LazyAttribute(lambda p: f"{p.employee_id.lower()}@example.org")
    title = "Rådgiver"


def person_with_login(*, organisation, unit, name, username, title="Rådgiver") -> Person:
    user = UserFactory(username=username)
    return PersonFactory(organisation=organisation, unit=unit, name=name, user=user, title=title)


@dataclass
class Cast:
    organisation: Organisation
    other_organisation: Organisation
    ministry: Unit
    department: Unit
    section: Unit
    other_section: Unit
    director: Person  # departementsråd, leads the ministry (upper chain)
    superior: Person  # ekspedisjonssjef, leads the department
    leader: Person  # seksjonssjef, leads the section
    other_leader: Person  # leads a sibling section
    employee: Person  # member of the leader's section
    process_owner: Person
    admin_person: Person
    outsider: Person  # in another organisation


def build_cast() -> Cast:
    org = OrganisationFactory(name="Testdepartementet", org_number="999000002")
    other = OrganisationFactory(name="Annetdepartementet", org_number="999000010")
    ministry = unit_create(organisation=org, code="TD", name="Testdepartementet", kind=UnitKind.MINISTRY)
    dept = unit_create(organisation=org, code="ADM", name="Administrasjonsavdelingen", parent=ministry,
                       kind=UnitKind.DEPARTMENT)
    section = unit_create(organisation=org, code="ADM-PERS", name="Personalseksjonen", parent=dept,
                          kind=UnitKind.SECTION)
    other_section = unit_create(organisation=org, code="ADM-OKO", name="Økonomiseksjonen", parent=dept,
                                kind=UnitKind.SECTION)
    director = person_with_login(organisation=org, unit=ministry, name="Dina Direktør", username="director",
                                 title="Departementsråd")
    superior = person_with_login(organisation=org, unit=dept, name="Sverre Sjef", username="superior",
                                 title="Ekspedisjonssjef")
    leader = person_with_login(organisation=org, unit=section, name="Live Leder", username="leader",
                               title="Avdelingsdirektør")
    other_leader = person_with_login(organisation=org, unit=other_section, name="Odd Andreleder",
                                     username="otherleader", title="Avdelingsdirektør")
    employee = person_with_login(organisation=org, unit=section, name="Erle Ansatt", username="employee")
    process_owner = person_with_login(organisation=org, unit=dept, name="Pia Prosess", username="processowner",
                                      title="HR-rådgiver")
    admin_person = person_with_login(organisation=org, unit=dept, name="Ada Admin", username="admin",
                                     title="IT-rådgiver")
    ministry.leader, dept.leader, section.leader, other_section.leader = director, superior, leader, other_leader
    for u in (ministry, dept, section, other_section):
        u.save(update_fields=["leader"])
    role_grant(person=process_owner, role=GrantedRole.PROCESS_OWNER)
    role_grant(person=admin_person, role=GrantedRole.ADMIN)
    other_top = unit_create(organisation=other, code="AD", name="Annetdepartementet", kind=UnitKind.MINISTRY)
    outsider = person_with_login(organisation=other, unit=other_top, name="Otto Utenfor", username="outsider",
                                 title="Departementsråd")
    other_top.leader = outsider
    other_top.save(update_fields=["leader"])
    return Cast(org, other, ministry, dept, section, other_section, director, superior, leader, other_leader,
                employee, process_owner, admin_person, outsider)
