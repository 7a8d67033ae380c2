"""The experience library: the seed's examples (verbatim, once), search, sharing one's own
requirement, copying into one's own draft, removal rights, and the pages."""

import datetime

import pytest
from django.urls import reverse

from resultatavtaler.agreements import services as ag
from resultatavtaler.agreements.builtin import ensure_builtin_templates
from resultatavtaler.agreements.models import Requirement, Template
from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.core_errors import DomainError, PermissionDeniedError
from resultatavtaler.library import selectors, services
from resultatavtaler.library.models import LibraryEntry
from resultatavtaler.library.seed_examples import EXAMPLES


@pytest.fixture
def draft(cast):
    ensure_builtin_templates()
    version = Template.objects.get(organisation__isnull=True, key="ufd-ad").latest_version()
    period = ag.period_create(organisation=cast.organisation, actor=cast.process_owner, name="2026",
                              start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31),
                              default_template=version.template)
    return ag.agreement_start(period=period, leader=cast.leader, actor=cast.leader)


def _requirement(draft, text="Redusere restansene i klagesaker", **kw):
    draft.refresh_from_db()
    return ag.requirement_add(agreement=draft, actor=draft.leader, expected_lock_version=draft.lock_version,
                              category_key="professional", text=text, indicators=["Restanse under 50 saker"],
                              evaluation_method="Månedlige restanserapporter", **kw)


def test_the_seed_examples_are_loaded_once_verbatim_in_bokmaal(cast):
    assert services.library_ensure_seed_examples(organisation=cast.organisation) == len(EXAMPLES) == 17
    assert services.library_ensure_seed_examples(organisation=cast.organisation) == 0
    entries = LibraryEntry.objects.filter(organisation=cast.organisation)
    assert entries.count() == 17 and set(entries.values_list("language", flat=True)) == {"nb"}
    texts = set(entries.values_list("text", flat=True))
    for quote in (
        "Sikre høy kvalitet på regnskapsfunksjonen og økonomikontrollen",
        "Definere egen rolle i forhold til ny underdirektør",
        "Delegering av arbeidsoppgaver",
        "Inspirere, motivere og utløse engasjement hos medarbeidere.",
        "Få på plass en avtale om inkluderende arbeidsliv innen 31.12.02.",
        "Mer delegering, hvilket igjen medfører behov for å videreutvikle coach-rollen",
        "Egenutvikling",
        "Bruker- og serviceinnstilling overfor resten av departementet",
    ):
        assert quote in texts
    oa2 = entries.get(seed_key="ufd-oa-2")
    assert oa2.element_list[0] == "samarbeidsevne (avdeling/seksjoner)" and len(oa2.element_list) == 6
    ad12 = entries.get(seed_key="ufd-ad-1.2")
    assert ad12.indicator_list == [
        "Feilfritt regnskap innen fastsatte tidsfrister", "Kontroll over utgiftene gjennom året"]
    assert ad12.category == "professional" and "kap. 2.4" in ad12.source_reference
    # Each organisation has its own copy; the other organisation's is untouched.
    assert not LibraryEntry.objects.filter(organisation=cast.other_organisation).exists()


def test_search_by_text_category_and_perspective_across_the_organisation(cast):
    services.library_ensure_seed_examples(organisation=cast.organisation)
    found = list(selectors.library_search(cast.employee, q="deleger"))
    assert {e.seed_key for e in found} == {"ufd-ad-3.1", "ufd-ad-delegering", "ufd-oa-3"}  # text and elements
    assert {e.seed_key for e in selectors.library_search(cast.employee, q="STYRAPP")} == {"ufd-ad-3.2"}
    personal = selectors.library_search(cast.employee, category="personal_development")
    assert {e.seed_key for e in personal} == {"ufd-ad-2.3", "ufd-ad-delegering"}
    users = selectors.library_search(cast.employee, perspective="users")
    assert [e.seed_key for e in users] == ["ufd-ad-3.6"]
    assert not selectors.library_search(cast.outsider, q="deleger").exists()


def test_a_leader_shares_their_own_requirement_once(cast, draft):
    req = _requirement(draft)
    entry = services.library_share_requirement(requirement=req, actor=cast.leader)
    assert entry.source == "shared" and entry.source_agreement == draft and entry.created_by == cast.leader
    assert entry.indicator_list == ["Restanse under 50 saker"] and entry.category == "professional"
    assert AuditEvent.objects.filter(action="library.share").exists()
    with pytest.raises(DomainError):
        services.library_share_requirement(requirement=req, actor=cast.leader)
    with pytest.raises(PermissionDeniedError):
        services.library_share_requirement(requirement=req, actor=cast.superior)
    with pytest.raises(DomainError) as exc:
        services.library_share_requirement(requirement=req, actor=cast.outsider)
    assert exc.value.status == 404


def test_copy_into_my_own_draft_makes_an_ordinary_requirement(cast, draft):
    services.library_ensure_seed_examples(organisation=cast.organisation)
    entry = LibraryEntry.objects.get(organisation=cast.organisation, seed_key="ufd-ad-1.2")
    req = services.library_copy_to_draft(entry=entry, actor=cast.leader, agreement=draft,
                                         category_key="professional")
    assert req.agreement == draft and req.text == entry.text and req.number == "1.1"
    assert [i.text for i in req.indicators.all()] == entry.indicator_list
    assert req.evaluation_method == entry.evaluation_method and req.perspective == "economy"
    oa = LibraryEntry.objects.get(organisation=cast.organisation, seed_key="ufd-oa-4")
    req2 = services.library_copy_to_draft(entry=oa, actor=cast.leader, agreement=draft,
                                          category_key="personal_development")
    assert req2.elements == ["skape rom for egenutvikling"]
    with pytest.raises(DomainError):  # the common category is filled from the common requirements
        services.library_copy_to_draft(entry=entry, actor=cast.leader, agreement=draft, category_key="general")
    with pytest.raises(DomainError) as exc:  # someone else's draft does not exist for them
        services.library_copy_to_draft(entry=entry, actor=cast.superior, agreement=draft,
                                       category_key="professional")
    assert exc.value.status == 404
    assert Requirement.objects.filter(agreement=draft).count() == 2


def test_pages_share_copy_and_remove(cast, draft, client_for):
    req = _requirement(draft)
    leader = client_for(cast.leader)
    assert "Redusere restansene" in leader.get(reverse("library:share_list")).content.decode()
    response = leader.post(reverse("library:share", args=[req.pk]), {f"r{req.pk}-category": "common_leadership"})
    entry = LibraryEntry.objects.get(source_requirement=req)
    assert response.status_code == 302 and entry.category == "common_leadership"
    html = leader.get(reverse("library:index"), {"q": "restansene"}).content.decode()
    assert "Redusere restansene" in html
    seed = LibraryEntry.objects.get(organisation=cast.organisation, seed_key="ufd-ad-3.5")
    detail = leader.get(reverse("library:detail", args=[seed.pk])).content.decode()
    assert "Copy into my draft" in detail and "Remove from the library" not in detail
    response = leader.post(reverse("library:copy", args=[seed.pk]), {"target": f"{draft.pk}:personal_development"})
    assert response.status_code == 302 and response.url == reverse("agreements:detail", args=[draft.pk])
    assert draft.requirements.filter(text=seed.text, category_key="personal_development").exists()
    # The employee reads the library but cannot remove another's entry; the sharer and process owner can.
    employee = client_for(cast.employee)
    assert employee.get(reverse("library:detail", args=[entry.pk])).status_code == 200
    assert employee.post(reverse("library:delete", args=[entry.pk])).status_code == 403
    assert client_for(cast.process_owner).post(reverse("library:delete", args=[seed.pk])).status_code == 302
    assert not LibraryEntry.objects.filter(pk=seed.pk).exists()


def test_another_organisations_entry_is_not_found(cast, client_for):
    services.library_ensure_seed_examples(organisation=cast.organisation)
    entry = LibraryEntry.objects.filter(organisation=cast.organisation).first()
    client = client_for(cast.outsider)
    assert client.get(reverse("library:detail", args=[entry.pk])).status_code == 404
    assert client.post(reverse("library:delete", args=[entry.pk])).status_code == 404
