"""The demo agreements: every state the brief asks for, the seed's own examples, valid
chains, and a second run writes nothing."""

import pytest

from resultatavtaler.agreements import demo as agreements_demo
from resultatavtaler.agreements.home import unit_agreements
from resultatavtaler.agreements.models import Agreement, AgreementVersion, CommonRequirement, Period, Requirement
from resultatavtaler.agreements.services.versions import versions_verify
from resultatavtaler.organisations import demo as organisations_demo


@pytest.mark.django_db
def test_demo_agreements_load_once_with_the_seeds_examples():
    orgs = organisations_demo.load()
    first = agreements_demo.load(orgs)
    assert "agreements 8" in first
    counts = (Agreement.objects.count(), AgreementVersion.objects.count(), Requirement.objects.count())
    assert agreements_demo.load(orgs).startswith("nothing to do")
    assert (Agreement.objects.count(), AgreementVersion.objects.count(), Requirement.objects.count()) == counts

    assert set(Period.objects.values_list("name", flat=True)) == {"2026"}
    states = set(Agreement.objects.values_list("state", flat=True))
    assert {"draft", "in_review", "signed"} <= states
    renegotiated = Agreement.objects.get(leader=orgs.person("ad-leder"))
    assert renegotiated.in_force_version.number == 2 and renegotiated.in_force_version.reason
    texts = set(Requirement.objects.values_list("text", flat=True))
    assert "Få på plass en avtale om inkluderende arbeidsliv innen 31.12.02." in texts
    # The OA leader prefers nynorsk: the prefilled focus areas come in her language.
    assert "Bidra til at avdelinga fungerer som eit godt sekretariat for den politiske leiinga" in texts
    assert "Inspirere, motivere og utløse engasjement hos medarbeidere." in texts
    v1 = renegotiated.versions.get(number=1)
    assert any(r["text"] == "Definere egen rolle i forhold til ny underdirektør" for r in v1.snapshot["requirements"])
    quality = next(r for r in v1.snapshot["requirements"] if r["text"].startswith("Sikre høy kvalitet"))
    assert [i["text"] for i in quality["indicators"]] == [
        "Feilfritt regnskap innen fastsatte tidsfrister",
        "Kontroll over utgiftene gjennom året",
    ]
    assert quality["evaluation_method"].startswith("Regelmessige avstemmings- og kontrollrapporter")
    assert CommonRequirement.objects.filter(number="3.6").exists()
    assert versions_verify() == []
    section = unit_agreements(orgs.person("ansatt"))
    assert section is not None and any("Comment" in t.title for t in section.tasks)
