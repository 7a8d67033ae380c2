"""Vedlegg 3: "Mal for resultatavtaler for seksjonsledere i kommunalavdelingen/KRD"."""

from .common import COLUMN_EVALUATION, COLUMN_INDICATOR, SEED_SCALE, t

KEY = "krd-ka"

NAME = t(
    "Mal for resultatavtaler for seksjonsledere i kommunalavdelingen/KRD",
    "Mal for resultatavtalar for seksjonsleiarar i kommunalavdelinga/KRD",
    "Template for results agreements for section heads in the Department of Local Government/KRD",
)


def _section(key, kind, heading, default=None, *, public=True, placement="before"):
    return {
        "key": key,
        "kind": kind,
        "heading": heading,
        "guidance": t("", "", ""),
        "default_text": default or t("", "", ""),
        "max_lines": None,
        "public_default": public,
        "placement": placement,
    }


BASIS = t(
    "Grunnlaget for fastsettelse av resultatkrav er:\n"
    "• Virksomhetsplan for året med arbeidsplan\n"
    "• Mini-medarbeidersamtaler mellom ekspedisjonssjef og alle ansatte i avdelingen oktober/november "
    "foregående år\n"
    "• Medarbeidersamtale mellom seksjonsleder og ekspedisjonssjef i desember\n"
    "• Kontrakt mellom ekspedisjonssjef og departementsråd\n"
    "• Lederkriteriene",
    "Grunnlaget for fastsetjinga av resultatkrav er:\n"
    "• Verksemdsplan for året med arbeidsplan\n"
    "• Mini-medarbeidarsamtalar mellom ekspedisjonssjef og alle tilsette i avdelinga oktober/november "
    "året før\n"
    "• Medarbeidarsamtale mellom seksjonsleiar og ekspedisjonssjef i desember\n"
    "• Kontrakt mellom ekspedisjonssjef og departementsråd\n"
    "• Leiarkriteria",
    "The performance requirements are set on the basis of:\n"
    "• The business plan for the year with its work plan\n"
    "• Mini appraisal interviews between the director general and all staff of the department in "
    "October/November of the previous year\n"
    "• The appraisal interview between the section head and the director general in December\n"
    "• The contract between the director general and the secretary general\n"
    "• The leadership criteria",
)

SECTIONS = [
    _section("introduction", "text", t("Innledning", "Innleiing", "Introduction")),
    _section("holder", "holder", t("Stillingsinnehaver:", "Stillingsinnehavar:", "Post holder:")),
    _section("superior", "superior", t("Nærmeste overordnede:", "Næraste overordna:", "Line manager:")),
    _section(
        "section_tasks",
        "text",
        t("Seksjonens arbeidsoppgaver:", "Arbeidsoppgåvene til seksjonen:", "The section's tasks:"),
    ),
    _section(
        "position_responsibilities",
        "text",
        t("Stillingens ansvarsområder:", "Ansvarsområda til stillinga:", "The position's areas of responsibility:"),
    ),
    _section(
        "basis",
        "text",
        t(
            "Grunnlag for fastsettelse av resultatkrav",
            "Grunnlag for fastsetjing av resultatkrav",
            "Basis for setting performance requirements",
        ),
        BASIS,
    ),
    _section(
        "expectations_of_superior",
        "text",
        t(
            "Forventninger til ekspedisjonssjef",
            "Forventningar til ekspedisjonssjefen",
            "Expectations of the Director General",
        ),
        public=False,
        placement="after",
    ),
    _section(
        "evaluation",
        "text",
        t("Evaluering", "Evaluering", "Evaluation"),
        t(
            "Oppnådde resultater evalueres i medarbeidersamtale",
            "Oppnådde resultat blir evaluerte i medarbeidarsamtale",
            "The results achieved are evaluated in the appraisal interview",
        ),
        placement="after",
    ),
    _section("publication", "text", t("Offentliggjøring", "Offentleggjering", "Publication"), placement="after"),
]


def _category(key, number, title, *, common=False, public=True, perspective="professional"):
    return {
        "key": key,
        "number": number,
        "title": title,
        "guidance": t("", "", ""),
        "recommended_min": None,
        "recommended_max": None,
        "is_common": common,
        "prefilled": False,
        "public_default": public,
        "default_perspective": perspective,
        "columns": ["indicator", "evaluation"],
        "column_headings": {"requirement": title, "indicator": COLUMN_INDICATOR, "evaluation": COLUMN_EVALUATION},
        "examples": [],
    }


CATEGORIES = [
    _category(
        "common_development",
        "1",
        t(
            "Felles utviklingspunkter for seksjonslederne",
            "Felles utviklingspunkt for seksjonsleiarane",
            "Common development points for the section heads",
        ),
        common=True,
        perspective="employees",
    ),
    _category(
        "section_development",
        "2",
        t(
            "Den enkelte seksjons utviklingspunkter",
            "Utviklingspunkta til den einskilde seksjonen",
            "Development points for the individual section",
        ),
    ),
    _category(
        "leader_development",
        "3",
        t(
            "Den enkelte leders utviklingspunkter",
            "Utviklingspunkta til den einskilde leiaren",
            "Development points for the individual leader",
        ),
        public=False,
        perspective="employees",
    ),
]

CONTENT = {
    "title": NAME,
    "requirements_heading": t("Resultatkrav", "Resultatkrav", "Performance requirements"),
    "sections": SECTIONS,
    "categories": CATEGORIES,
    "scale_heading": None,  # the seed gives no scale for this template; the default scale applies
    "scale": SEED_SCALE,
    "signature_block": {
        "date": t("(dato)", "(dato)", "(date)"),
        "sign": t("(sign.)", "(sign.)", "(signature)"),
        "signatures": 2,
    },
}
