"""Vedlegg 2: "Mal for resultatavtale for seksjonsledere i opplæringsavdelingen/UFD".

The OA template is a single table: Krav/fokusområde | Elementer i vurderingen av
resultatoppnåelse | Egen evaluering | Eksp.sjefs vurdering, with four focus areas that a new
agreement starts with (prefilled)."""

from .common import SEED_SCALE, t

KEY = "ufd-oa"

NAME = t(
    "Mal for resultatavtale for seksjonsledere i opplæringsavdelingen/UFD",
    "Mal for resultatavtale for seksjonsleiarar i opplæringsavdelinga/UFD",
    "Template for results agreements for section heads in the Department of Education/UFD",
)

FOCUS_AREAS = [
    {
        "number": "1",
        "perspective": "professional",
        "text": t(
            "Bidra til at avdelingen fungerer som et godt sekretariat for politisk ledelse",
            "Bidra til at avdelinga fungerer som eit godt sekretariat for den politiske leiinga",
            "Help the department work as a good secretariat for the political leadership",
        ),
        "elements": [
            t("høy kvalitet til rett tid", "høg kvalitet til rett tid", "high quality at the right time"),
            t(
                "proaktiv og ta initiativ i politikkutform./statsbudsj.",
                "proaktiv og ta initiativ i politikkutform./statsbudsj.",
                "proactive, taking the initiative in policy-making/the state budget",
            ),
            t(
                "god kommunikasjon med politisk ledelse",
                "god kommunikasjon med den politiske leiinga",
                "good communication with the political leadership",
            ),
            t(
                "god forståelse av det pol./adm.system",
                "god forståing av det pol./adm. systemet",
                "a good understanding of the political/administrative system",
            ),
            t("internasjonal orientering", "internasjonal orientering", "international orientation"),
            t(
                "ha/bidra med god kunnskap om tilstanden i sektoren",
                "ha/bidra med god kunnskap om tilstanden i sektoren",
                "have/contribute good knowledge of the state of the sector",
            ),
            t(
                "utnytte kompetansen i sektoren",
                "nytte kompetansen i sektoren",
                "make use of the competence in the sector",
            ),
            t(
                "følge opp ift statsrådens forpliktelser overfor Stortinget",
                "følgje opp i høve til pliktene statsråden har overfor Stortinget",
                "follow up the minister's commitments to the Storting",
            ),
        ],
    },
    {
        "number": "2",
        "perspective": "internal_processes",
        "text": t(
            "Bidra til et godt samarbeid internt i avdelingen og departementet med sikte på en best mulig "
            "utnyttelse av ressursene og en god oppgaveløsning",
            "Bidra til eit godt samarbeid internt i avdelinga og departementet med sikte på best mogleg "
            "utnytting av ressursane og ei god oppgåveløysing",
            "Contribute to good cooperation within the department and the ministry, aiming at the best "
            "possible use of resources and good performance of tasks",
        ),
        "elements": [
            t(
                "samarbeidsevne (avdeling/seksjoner)",
                "samarbeidsevne (avdeling/seksjonar)",
                "ability to cooperate (department/sections)",
            ),
            t(
                "vilje og evne til å se seksjonen som en del av en helhet",
                "vilje og evne til å sjå seksjonen som ein del av ein heilskap",
                "willingness and ability to see the section as part of a whole",
            ),
            t(
                "vise vilje og evne til faglig helhetstenkning",
                "vise vilje og evne til fagleg heilskapstenking",
                "show willingness and ability to think professionally about the whole",
            ),
            t(
                "yte ressurser og bidra overfor andre seksjoner og områder",
                "yte ressursar og bidra overfor andre seksjonar og område",
                "provide resources and contribute to other sections and areas",
            ),
            t("fleksibilitet i oppgaveløsningen", "fleksibilitet i oppgåveløysinga", "flexibility in performing tasks"),
            t(
                "ha god kommunikasjon og opprettholde et bredt nettverk i og utenfor sektoren",
                "ha god kommunikasjon og halde oppe eit breitt nettverk i og utanfor sektoren",
                "communicate well and maintain a broad network inside and outside the sector",
            ),
        ],
    },
    {
        "number": "3",
        "perspective": "employees",
        "text": t(
            "Utvikle, motivere og utløse engasjement hos medarbeidere",
            "Utvikle, motivere og utløyse engasjement hos medarbeidarar",
            "Develop, motivate and release commitment among staff",
        ),
        "elements": [
            t("rekruttere ”riktig”", "rekruttere ”rett”", "recruit the “right” people"),
            t(
                "sørge for at medarbeidere utvikles",
                "sørgje for at medarbeidarar blir utvikla",
                "make sure staff develop",
            ),
            t(
                "sørge for at medarbeidere er motiverte og trives",
                "sørgje for at medarbeidarar er motiverte og trivst",
                "make sure staff are motivated and thrive",
            ),
            t("gi klare tilbakemeldinger", "gi klare tilbakemeldingar", "give clear feedback"),
            t("prioritere", "prioritere", "prioritise"),
            t("være tilgjengelig for medarbeidere", "vere tilgjengeleg for medarbeidarar", "be available to staff"),
            t("delegere oppgaver", "delegere oppgåver", "delegate tasks"),
            t("være talerør for seksjonen", "vere talerøyr for seksjonen", "be the section's spokesperson"),
        ],
    },
    {
        "number": "4",
        "perspective": "employees",
        "text": t("Egenutvikling", "Eigenutvikling", "Self-development"),
        "elements": [
            t("skape rom for egenutvikling", "skape rom for eigenutvikling", "make room for self-development")
        ],
    },
]

FOCUS_TITLE = t("Krav/fokusområde", "Krav/fokusområde", "Requirement/focus area")

CATEGORIES = [
    {
        "key": "focus_areas",
        "number": "",
        "title": FOCUS_TITLE,
        "guidance": t("", "", ""),
        "recommended_min": None,
        "recommended_max": None,
        "is_common": False,
        "prefilled": True,
        "public_default": True,
        "default_perspective": "professional",
        "columns": ["elements", "self_evaluation", "superior_assessment"],
        "column_headings": {
            "requirement": FOCUS_TITLE,
            "elements": t(
                "Elementer i vurderingen av resultatoppnåelse",
                "Element i vurderinga av resultatoppnåinga",
                "Elements in assessing results",
            ),
            "self_evaluation": t("Egen evaluering", "Eigenevaluering", "Self-evaluation"),
            "superior_assessment": t(
                "Eksp.sjefs vurdering", "Eksp.sjefen si vurdering", "Director General's assessment"
            ),
        },
        "examples": FOCUS_AREAS,
    },
]

CONTENT = {
    "title": NAME,
    "requirements_heading": t("", "", ""),
    "sections": [],
    "categories": CATEGORIES,
    "scale_heading": None,  # the seed gives no scale for this template; the default scale applies
    "scale": SEED_SCALE,
    "signature_block": None,
}
