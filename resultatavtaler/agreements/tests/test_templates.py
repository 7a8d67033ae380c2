"""The three built-in templates are the seed's appendix (Vedlegg), faithfully, in bokmål,
nynorsk and English; templates are versioned and a signed agreement never changes."""

import copy

import pytest

from resultatavtaler.agreements import services
from resultatavtaler.agreements.builtin import ensure_builtin_templates
from resultatavtaler.agreements.models import Template, TemplateVersion
from resultatavtaler.agreements.template_content import outline, validate_content
from resultatavtaler.core_errors import DomainError

from .conftest import add, builtin_version, fresh, sign_both, submit

pytestmark = pytest.mark.django_db

SEED_OUTLINE_NB = {
    "ufd-ad": [
        "Stillingsinnehaver og virksomhet:",
        "Nærmeste overordnede:",
        "Innledning:",
        "Seksjonens mål og arbeidsoppgaver:",
        "Stillingens arbeidsoppgaver, ansvars- og myndighetsforhold:",
        "Kontakt- og kommunikasjonsnettverket rundt stillingen:",
        "Prioriterte resultatkrav:",
        "1. Faglige krav (for den enkelte leder/seksjon)",
        "2. Personlige utviklingsmål som leder",
        "3. Generelle krav - krav som er felles for alle ledere i avdelingen",
        "Plan for resultatvurdering:",
        "Måloppfyllelsen markeres med følgende skala:",
    ],
    "ufd-oa": ["Krav/fokusområde"],
    "krd-ka": [
        "Innledning",
        "Stillingsinnehaver:",
        "Nærmeste overordnede:",
        "Seksjonens arbeidsoppgaver:",
        "Stillingens ansvarsområder:",
        "Grunnlag for fastsettelse av resultatkrav",
        "Resultatkrav",
        "1. Felles utviklingspunkter for seksjonslederne",
        "2. Den enkelte seksjons utviklingspunkter",
        "3. Den enkelte leders utviklingspunkter",
        "Forventninger til ekspedisjonssjef",
        "Evaluering",
        "Offentliggjøring",
    ],
}
OUTLINE_NN_KRD = [
    "Innleiing",
    "Stillingsinnehavar:",
    "Næraste overordna:",
    "Arbeidsoppgåvene til seksjonen:",
    "Ansvarsområda til stillinga:",
    "Grunnlag for fastsetjing av resultatkrav",
    "Resultatkrav",
    "1. Felles utviklingspunkt for seksjonsleiarane",
    "2. Utviklingspunkta til den einskilde seksjonen",
    "3. Utviklingspunkta til den einskilde leiaren",
    "Forventningar til ekspedisjonssjefen",
    "Evaluering",
    "Offentleggjering",
]
OUTLINE_EN_AD = [
    "Post holder and organisation:",
    "Line manager:",
    "Introduction:",
    "The section's goals and tasks:",
    "The position's tasks, responsibilities and authority:",
    "The position's network of contacts and communication:",
    "Priority performance requirements:",
    "1. Professional requirements (for the individual leader/section)",
    "2. Personal development goals as a leader",
    "3. General requirements - requirements common to all leaders in the department",
    "Plan for assessing results:",
    "Goal attainment is marked on the following scale:",
]


@pytest.mark.parametrize("key", ["ufd-ad", "ufd-oa", "krd-ka"])
def test_headings_are_the_seeds_in_order(key):
    content = builtin_version(key).content
    assert outline(content, "nb") == SEED_OUTLINE_NB[key]


def test_headings_in_nynorsk_and_english():
    assert outline(builtin_version("krd-ka").content, "nn") == OUTLINE_NN_KRD
    assert outline(builtin_version("ufd-ad").content, "en") == OUTLINE_EN_AD


def _texts(value, path=""):
    """Every {"nb","nn","en"} mapping in the content, with where it is."""
    if isinstance(value, dict):
        if set(value) == {"nb", "nn", "en"}:
            yield path, value
            return
        for k, v in value.items():
            yield from _texts(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, f"{path}[{i}]")


@pytest.mark.parametrize("key", ["ufd-ad", "ufd-oa", "krd-ka"])
def test_every_text_exists_in_all_three_languages(key):
    content = builtin_version(key).content
    texts = list(_texts(content))
    assert len(texts) > 10
    for path, value in texts:
        if value["nb"]:
            assert value["nn"] and value["en"], f"{key}{path} lacks a translation"
            assert value["en"] != value["nb"] or len(value["nb"]) < 12 or "UFD" in value["nb"], f"{key}{path}"


def test_ufd_ad_guidance_standard_texts_and_categories():
    tv = builtin_version("ufd-ad")
    section_goals = tv.section("section_goals")
    assert section_goals["guidance"]["nb"] == (
        "Kort beskrevet (maks. 5 linjer). Trolig relativt små endringer fra år til år (standard)."
    )
    assert section_goals["max_lines"] == 5
    assert tv.section("position_responsibilities")["default_text"]["nb"].startswith(
        "Avdelingsdirektøren har den administrative og faglige ledelse av seksjonen. Videre har "
    )
    intro = tv.section("introduction")["default_text"]["nb"]
    assert intro.startswith("Dette dokumentet/denne avtalen er et verktøy")
    assert "Dette er ikke et juridisk dokument." in intro
    assert "er det begge parters ansvar å ta opp avtalen til reforhandling." in intro
    assert tv.section("superior")["default_text"]["nb"] == "ekspedisjonssjef NN"
    assert "minst en uke før samtalen" in tv.section("assessment_plan")["default_text"]["nb"]
    professional, personal, general = tv.categories
    assert professional["guidance"]["nb"] == "4-5 mål/resultatområder"
    assert (professional["recommended_min"], professional["recommended_max"]) == (4, 5)
    assert professional["columns"] == ["indicator", "evaluation"]
    assert professional["column_headings"]["indicator"]["nb"] == "Indikator"
    assert professional["column_headings"]["evaluation"]["nb"] == "Evaluering"
    assert professional["examples"][0]["text"]["nb"] == (
        "Eks: Få på plass en avtale om inkluderende arbeidsliv innen 31.12.02."
    )
    assert personal["examples"][0]["text"]["nb"].startswith("Eks: Mer delegering")
    assert general["is_common"] and [e["number"] for e in general["examples"]] == [
        "3.1",
        "3.2",
        "3.3",
        "3.4",
        "3.5",
        "3.6",
    ]
    assert general["examples"][1]["evaluation"]["nb"].count("STYRAPP-rapporter") == 1
    assert [level["label"]["nb"] for level in tv.scale] == [
        "liten grad (forbedres)",
        "tilfredsstillende (middels)",
        "stor grad (meget bra)",
    ]


def test_ufd_oa_columns_and_focus_areas():
    (category,) = builtin_version("ufd-oa").categories
    headings = category["column_headings"]
    assert [headings[c]["nb"] for c in ["requirement", *category["columns"]]] == [
        "Krav/fokusområde",
        "Elementer i vurderingen av resultatoppnåelse",
        "Egen evaluering",
        "Eksp.sjefs vurdering",
    ]
    texts = [e["text"]["nb"] for e in category["examples"]]
    assert texts[0] == "Bidra til at avdelingen fungerer som et godt sekretariat for politisk ledelse"
    assert texts[3] == "Egenutvikling"
    assert category["examples"][1]["elements"][0]["nb"] == "samarbeidsevne (avdeling/seksjoner)"
    assert len(category["examples"][2]["elements"]) == 8


def test_krd_basis_list_and_signature_block():
    tv = builtin_version("krd-ka")
    basis = tv.section("basis")["default_text"]["nb"]
    for line in [
        "Virksomhetsplan for året med arbeidsplan",
        "Mini-medarbeidersamtaler mellom ekspedisjonssjef og alle ansatte i avdelingen oktober/november",
        "Medarbeidersamtale mellom seksjonsleder og ekspedisjonssjef i desember",
        "Kontrakt mellom ekspedisjonssjef og departementsråd",
        "Lederkriteriene",
    ]:
        assert line in basis
    assert tv.section("evaluation")["default_text"]["nb"] == "Oppnådde resultater evalueres i medarbeidersamtale"
    assert tv.content["signature_block"]["date"]["nb"] == "(dato)"
    assert tv.content["signature_block"]["sign"]["nb"] == "(sign.)"
    assert tv.content["signature_block"]["signatures"] == 2
    assert tv.category("common_development")["is_common"]


def test_builtins_belong_to_no_organisation_and_loading_is_idempotent():
    before = TemplateVersion.objects.count()
    ensure_builtin_templates()
    ensure_builtin_templates()
    assert TemplateVersion.objects.count() == before
    assert set(Template.objects.filter(is_builtin=True).values_list("key", "organisation")) == {
        ("ufd-ad", None),
        ("ufd-oa", None),
        ("krd-ka", None),
    }
    for key in ("ufd-ad", "ufd-oa", "krd-ka"):
        validate_content(builtin_version(key).content)


def test_builtins_are_read_only_and_copies_are_versioned(cast, ad_template):
    with pytest.raises(DomainError):
        services.template_update(template=ad_template.template, actor=cast.process_owner, content=ad_template.content)
    with pytest.raises(DomainError) as exc:
        services.template_copy(template=ad_template.template, organisation=cast.organisation, actor=cast.leader)
    assert exc.value.status == 403
    copy_ = services.template_copy(
        template=ad_template.template, organisation=cast.organisation, actor=cast.process_owner, name="Vår mal"
    )
    assert copy_.organisation == cast.organisation and copy_.latest_version().number == 1
    assert copy_.based_on == ad_template
    content = copy.deepcopy(copy_.latest_version().content)
    content["sections"][3]["guidance"]["nb"] = "Maks. 3 linjer."
    v2 = services.template_update(template=copy_, actor=cast.process_owner, content=content, change_note="Kortere")
    assert v2.number == 2
    assert copy_.versions.get(number=1).content["sections"][3]["guidance"]["nb"].startswith("Kort beskrevet")
    with pytest.raises(DomainError):
        services.template_copy(template=copy_, organisation=cast.other_organisation, actor=cast.outsider)
    broken = copy.deepcopy(content)
    broken["categories"] = []
    with pytest.raises(DomainError):
        services.template_update(template=copy_, actor=cast.process_owner, content=broken)


def test_editing_a_template_does_not_change_a_signed_agreement(cast, period, ad_template):
    tailored = services.template_copy(
        template=ad_template.template, organisation=cast.organisation, actor=cast.process_owner, name="Tilpasset"
    )
    v1 = tailored.latest_version()
    agreement = services.agreement_start(period=period, leader=cast.leader, actor=cast.leader, template_version=v1)
    add(agreement, cast.leader, text="Sikre høy kvalitet på regnskapsfunksjonen og økonomikontrollen")
    submit(agreement)
    sign_both(agreement)
    signed_snapshot = agreement.in_force_version.snapshot
    content = copy.deepcopy(v1.content)
    content["categories"][0]["title"]["nb"] = "Faglige mål"
    content["sections"] = [s for s in content["sections"] if s["key"] != "contact_network"]
    services.template_update(template=tailored, actor=cast.process_owner, content=content)
    agreement = fresh(agreement)
    assert agreement.template_version == v1
    assert v1.section("contact_network") is not None
    assert agreement.template_version.categories[0]["title"]["nb"].startswith("Faglige krav")
    assert agreement.in_force_version.snapshot == signed_snapshot
