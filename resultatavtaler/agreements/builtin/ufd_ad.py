"""Vedlegg 1: "Mal for resultatavtale for avdelingsdirektører i administrasjonsavdelingen/UFD"."""

from .common import COLUMN_EVALUATION, COLUMN_INDICATOR, SCALE_HEADING, SEED_SCALE, t

KEY = "ufd-ad"

NAME = t(
    "Mal for resultatavtale for avdelingsdirektører i administrasjonsavdelingen/UFD",
    "Mal for resultatavtale for avdelingsdirektørar i administrasjonsavdelinga/UFD",
    "Template for results agreements for deputy directors general in the Department of Administration/UFD",
)

INTRODUCTION = t(
    "Dette dokumentet/denne avtalen er et verktøy som skal bidra til å klargjøre resultatkrav og få til "
    "konstruktiv evaluering og oppfølging av disse. Dette er ikke et juridisk dokument.\n\n"
    "Avtalen gjelder for perioden fra og med ……… til og med……. Oppfølging skjer i forbindelse med den "
    "årlige medarbeidersamtalen.\n\n"
    "Ut over de prioriterte områdene som er omtalt i denne avtalen, skal avdelingsdirektøren oppnå de mål "
    "som er satt i virksomhetsplanen. Virksomhetsplanen vil bli fulgt opp på vanlig måte gjennom ….\n\n"
    "Dersom endringer i rammebetingelsene medfører at det blir vanskelig å oppnå alle målene i avtalene, "
    "er det begge parters ansvar å ta opp avtalen til reforhandling.",
    "Dette dokumentet/denne avtalen er eit verktøy som skal bidra til å klargjere resultatkrav og få til "
    "konstruktiv evaluering og oppfølging av dei. Dette er ikkje eit juridisk dokument.\n\n"
    "Avtalen gjeld for perioden frå og med ……… til og med……. Oppfølginga skjer i samband med den "
    "årlege medarbeidarsamtalen.\n\n"
    "Utover dei prioriterte områda som er omtalte i denne avtalen, skal avdelingsdirektøren nå dei måla "
    "som er sette i verksemdsplanen. Verksemdsplanen vil bli følgd opp på vanleg måte gjennom ….\n\n"
    "Dersom endringar i rammevilkåra gjer det vanskeleg å nå alle måla i avtalane, er det ansvaret til "
    "begge partar å ta opp avtalen til reforhandling.",
    "This document/agreement is a tool to help clarify performance requirements and to achieve "
    "constructive evaluation and follow-up of them. It is not a legal document.\n\n"
    "The agreement applies to the period from ……… up to and including ……. It is followed up in the "
    "annual employee appraisal interview.\n\n"
    "Beyond the priority areas described in this agreement, the deputy director general shall achieve "
    "the goals set in the business plan. The business plan will be followed up in the usual way "
    "through ….\n\n"
    "If changes in the framework conditions make it difficult to achieve all the goals of the agreement, "
    "both parties are responsible for raising the agreement for renegotiation.",
)

SECTIONS = [
    {
        "key": "holder",
        "kind": "holder",
        "heading": t(
            "Stillingsinnehaver og virksomhet:", "Stillingsinnehavar og verksemd:", "Post holder and organisation:"
        ),
        "guidance": t("", "", ""),
        "default_text": t("", "", ""),
        "max_lines": None,
        "public_default": True,
        "placement": "before",
    },
    {
        "key": "superior",
        "kind": "superior",
        "heading": t("Nærmeste overordnede:", "Næraste overordna:", "Line manager:"),
        "guidance": t("", "", ""),
        "default_text": t("ekspedisjonssjef NN", "ekspedisjonssjef NN", "Director General NN"),
        "max_lines": None,
        "public_default": True,
        "placement": "before",
    },
    {
        "key": "introduction",
        "kind": "text",
        "heading": t("Innledning:", "Innleiing:", "Introduction:"),
        "guidance": t("", "", ""),
        "default_text": INTRODUCTION,
        "max_lines": None,
        "public_default": True,
        "placement": "before",
    },
    {
        "key": "section_goals",
        "kind": "text",
        "heading": t(
            "Seksjonens mål og arbeidsoppgaver:",
            "Måla og arbeidsoppgåvene til seksjonen:",
            "The section's goals and tasks:",
        ),
        "guidance": t(
            "Kort beskrevet (maks. 5 linjer). Trolig relativt små endringer fra år til år (standard).",
            "Kort skildra (maks. 5 linjer). Truleg relativt små endringar frå år til år (standard).",
            "A short description (max. 5 lines). Probably relatively small changes from year to year (standard).",
        ),
        "default_text": t("", "", ""),
        "max_lines": 5,
        "public_default": True,
        "placement": "before",
    },
    {
        "key": "position_responsibilities",
        "kind": "text",
        "heading": t(
            "Stillingens arbeidsoppgaver, ansvars- og myndighetsforhold:",
            "Arbeidsoppgåvene til stillinga, ansvars- og mynditilhøve:",
            "The position's tasks, responsibilities and authority:",
        ),
        "guidance": t("", "", ""),
        "default_text": t(
            "Avdelingsdirektøren har den administrative og faglige ledelse av seksjonen. Videre har "
            "avdelingsdirektøren ansvar for å veilede og motivere seksjonens medarbeidere samt å bidra til "
            "videreutvikling av disse i samarbeid med hver enkelt medarbeider.",
            "Avdelingsdirektøren har den administrative og faglege leiinga av seksjonen. Vidare har "
            "avdelingsdirektøren ansvar for å rettleie og motivere medarbeidarane i seksjonen og for å bidra "
            "til å vidareutvikle dei i samarbeid med kvar einskild medarbeidar.",
            "The deputy director general has the administrative and professional management of the section. "
            "The deputy director general is also responsible for guiding and motivating the section's staff "
            "and for contributing to their further development in cooperation with each employee.",
        ),
        "max_lines": None,
        "public_default": True,
        "placement": "before",
    },
    {
        "key": "contact_network",
        "kind": "text",
        "heading": t(
            "Kontakt- og kommunikasjonsnettverket rundt stillingen:",
            "Kontakt- og kommunikasjonsnettverket rundt stillinga:",
            "The position's network of contacts and communication:",
        ),
        "guidance": t("", "", ""),
        "default_text": t(
            "Avdelingsdirektøren har mye kontakt med departementsråd, ledere, tillitsvalgte og ansatte i "
            "departementet samt med AAD, Forvaltningstjenestene, Statskonsult og underliggende etater. "
            "Avdelingsdirektøren samarbeider også nært med øvrige seksjoner i avdelingen, andre avdelinger i "
            "UFD og med kollegaer i andre departement.",
            "Avdelingsdirektøren har mykje kontakt med departementsråd, leiarar, tillitsvalde og tilsette i "
            "departementet og med AAD, Forvaltningstenestene, Statskonsult og underliggjande etatar. "
            "Avdelingsdirektøren samarbeider også nært med dei andre seksjonane i avdelinga, andre avdelingar i "
            "UFD og med kollegaer i andre departement.",
            "The deputy director general has much contact with the secretary general, managers, union "
            "representatives and staff in the ministry, and with AAD, the Government Administration Services, "
            "Statskonsult and subordinate agencies. The deputy director general also works closely with the "
            "other sections of the department, other departments of UFD and colleagues in other ministries.",
        ),
        "max_lines": None,
        "public_default": True,
        "placement": "before",
    },
    {
        "key": "assessment_plan",
        "kind": "text",
        "heading": t("Plan for resultatvurdering:", "Plan for resultatvurdering:", "Plan for assessing results:"),
        "guidance": t("", "", ""),
        "default_text": t(
            "Ved evaluering vil det bli vurdert resultatoppnåelse i forhold til strategiplan og "
            "virksomhetsplan. Det vil bli særlig lagt vekt på de prioriterte resultatkrav som framgår over som "
            "avdelingsdirektøren har mulighet til å påvirke.\n\n"
            "Det foretas en evaluering om ca. 1/2 år i form av medarbeidersamtale. Før samtalen skal "
            "avdelingsdirektøren ha utarbeidet et notat der det foretas en oppsummering av oppnådde resultater. "
            "Notatet sendes til ekspedisjonssjefen minst en uke før samtalen. Før samtalen skal seksjonsleder ha "
            "innhentet synspunkter fra de ansatte i seksjonen (samtaler, seksjonsmøte, bruk av "
            "evalueringsskjema). På enkelte punkter er det også aktuelt med tilbakemelding fra departementsråd, "
            "ekspedisjonssjefer og tillitsvalgte.",
            "Ved evalueringa vil resultatoppnåinga bli vurdert opp mot strategiplanen og verksemdsplanen. Det "
            "vil bli lagt særleg vekt på dei prioriterte resultatkrava ovanfor som avdelingsdirektøren har "
            "høve til å påverke.\n\n"
            "Det blir gjort ei evaluering om om lag 1/2 år i form av ein medarbeidarsamtale. Før samtalen skal "
            "avdelingsdirektøren ha skrive eit notat som oppsummerer dei oppnådde resultata. Notatet blir sendt "
            "til ekspedisjonssjefen minst ei veke før samtalen. Før samtalen skal seksjonsleiaren ha henta inn "
            "synspunkt frå dei tilsette i seksjonen (samtalar, seksjonsmøte, bruk av evalueringsskjema). På "
            "somme punkt er det også aktuelt med tilbakemelding frå departementsråd, ekspedisjonssjefar og "
            "tillitsvalde.",
            "The evaluation will assess results against the strategy plan and the business plan. Particular "
            "weight will be given to the priority performance requirements above that the deputy director "
            "general is able to influence.\n\n"
            "An evaluation is made after about six months in the form of an appraisal interview. Before the "
            "interview the deputy director general shall have written a memo summarising the results achieved. "
            "The memo is sent to the director general at least one week before the interview. Before the "
            "interview the section head shall have gathered the views of the section's staff (conversations, a "
            "section meeting, an evaluation form). On some points feedback from the secretary general, the "
            "directors general and union representatives is also relevant.",
        ),
        "max_lines": None,
        "public_default": True,
        "placement": "after",
    },
]

_COLUMNS = {"requirement": None, "indicator": COLUMN_INDICATOR, "evaluation": COLUMN_EVALUATION}


def _headings(first: dict) -> dict:
    return {**_COLUMNS, "requirement": first}


PROFESSIONAL_TITLE = t(
    "Faglige krav (for den enkelte leder/seksjon)",
    "Faglege krav (for den einskilde leiaren/seksjonen)",
    "Professional requirements (for the individual leader/section)",
)
PERSONAL_TITLE = t(
    "Personlige utviklingsmål som leder",
    "Personlege utviklingsmål som leiar",
    "Personal development goals as a leader",
)
GENERAL_TITLE = t(
    "Generelle krav - krav som er felles for alle ledere i avdelingen",
    "Generelle krav - krav som er felles for alle leiarar i avdelinga",
    "General requirements - requirements common to all leaders in the department",
)
COUNT_GUIDANCE = t("4-5 mål/resultatområder", "4-5 mål/resultatområde", "4-5 goals/result areas")

GENERAL_REQUIREMENTS = [
    {
        "number": "3.1",
        "perspective": "employees",
        "text": t("Delegering av arbeidsoppgaver", "Delegering av arbeidsoppgåver", "Delegation of tasks"),
        "indicators": [
            t(
                "Engasjement og selvstendighet hos medarbeidere",
                "Engasjement og sjølvstende hos medarbeidarar",
                "Commitment and independence among staff",
            ),
            t(
                "Ansvarliggjorte og synlige medarbeidere",
                "Ansvarleggjorde og synlege medarbeidarar",
                "Staff who take responsibility and are visible",
            ),
            t(
                "God arbeidsfordeling/ressursutnyttelse i seksjonen",
                "God arbeidsfordeling/ressursutnytting i seksjonen",
                "Good division of work/use of resources in the section",
            ),
        ],
        "evaluation": t(
            "Tilbakemeldinger fra medarbeidere og avdelingsledelse",
            "Tilbakemeldingar frå medarbeidarar og avdelingsleiinga",
            "Feedback from staff and the department's management",
        ),
    },
    {
        "number": "3.2",
        "perspective": "employees",
        "text": t(
            "Medarbeiderfokus (Inspirere, motivere og utløse engasjement hos medarbeidere. Være lojal i forhold "
            "til egne medarbeidere og avdelingsledelse)",
            "Medarbeidarfokus (Inspirere, motivere og utløyse engasjement hos medarbeidarar. Vere lojal overfor "
            "eigne medarbeidarar og avdelingsleiinga)",
            "Focus on staff (Inspire, motivate and release commitment among staff. Be loyal to one's own staff "
            "and to the department's management)",
        ),
        "indicators": [
            t(
                "Godt arbeidsmiljø i seksjonen",
                "Godt arbeidsmiljø i seksjonen",
                "A good working environment in the section",
            ),
            t("Aktiv personaloppfølging", "Aktiv personaloppfølging", "Active personnel follow-up"),
            t(
                "Beholde, videreutvikle og rekruttere dyktige medarbeidere",
                "Halde på, vidareutvikle og rekruttere dyktige medarbeidarar",
                "Retain, develop and recruit capable staff",
            ),
            t(
                "Akseptabelt sykefravær, turnover, overtid",
                "Akseptabelt sjukefråvær, turnover, overtid",
                "Acceptable sick leave, turnover, overtime",
            ),
            t(
                "Effektiv organisering av arbeidet i seksjonen ved for eksempel å ta i bruk ulike arbeidsformer "
                "der det er hensiktsmessig",
                "Effektiv organisering av arbeidet i seksjonen ved til dømes å ta i bruk ulike arbeidsformer der "
                "det er føremålstenleg",
                "Efficient organisation of the section's work, for example by using different ways of working "
                "where appropriate",
            ),
        ],
        "evaluation": t(
            "Arbeidsmiljøundersøkelser. Regelmessige medarbeidersamtaler. Systematisk oppfølging og evaluering. "
            "STYRAPP-rapporter. Tilbakemelding fra medarbeidere og avdelingsledelsen.",
            "Arbeidsmiljøundersøkingar. Regelmessige medarbeidarsamtalar. Systematisk oppfølging og evaluering. "
            "STYRAPP-rapportar. Tilbakemelding frå medarbeidarar og avdelingsleiinga.",
            "Working environment surveys. Regular appraisal interviews. Systematic follow-up and evaluation. "
            "STYRAPP reports. Feedback from staff and the department's management.",
        ),
    },
    {
        "number": "3.3",
        "perspective": "employees",
        "text": t(
            "Kompetanseutvikling (Utvikle både medarbeidernes og egen kompetanse – fagkompetanse/ferdigheter)",
            "Kompetanseutvikling (Utvikle både kompetansen til medarbeidarane og eigen kompetanse – "
            "fagkompetanse/ferdigheiter)",
            "Competence development (Develop both the staff's and one's own competence – professional "
            "competence/skills)",
        ),
        "indicators": [
            t(
                "Utnyttelse av kompetansetilbudet i UFD",
                "Utnytting av kompetansetilbodet i UFD",
                "Use of the competence development offered in UFD",
            ),
            t("Tilbakemelding om kompetansebehov", "Tilbakemelding om kompetansebehov", "Feedback on competence needs"),
            t("Varierte arbeidsoppgaver", "Varierte arbeidsoppgåver", "Varied tasks"),
        ],
        "evaluation": t(
            "Vurderinger fra medarbeidere, avdelingsledelse, andre avdelinger og brukere. Etterspørsel og bruk "
            "av kompetanse i seksjonen/departementet",
            "Vurderingar frå medarbeidarar, avdelingsleiinga, andre avdelingar og brukarar. Etterspurnad etter "
            "og bruk av kompetanse i seksjonen/departementet",
            "Assessments from staff, the department's management, other departments and users. Demand for and "
            "use of competence in the section/ministry",
        ),
    },
    {
        "number": "3.4",
        "perspective": "internal_processes",
        "text": t(
            "Helhetstenkning (Se seksjonens arbeidsoppgaver i lys av UFD som helhet. Stimulere til samarbeid og "
            "åpenhet mellom medarbeidere, seksjoner og avdelinger i UFD, underliggende etater og andre "
            "departementer. Ta helhetsansvar i avdelingen)",
            "Heilskapstenking (Sjå arbeidsoppgåvene til seksjonen i lys av UFD som heilskap. Stimulere til "
            "samarbeid og openheit mellom medarbeidarar, seksjonar og avdelingar i UFD, underliggjande etatar og "
            "andre departement. Ta heilskapsansvar i avdelinga)",
            "Seeing the whole (See the section's tasks in the light of UFD as a whole. Encourage cooperation "
            "and openness between staff, sections and departments in UFD, subordinate agencies and other "
            "ministries. Take responsibility for the department as a whole)",
        ),
        "indicators": [
            t(
                "Regelmessige seksjonsmøter, avd.ledermøter og avdelingsmøter",
                "Regelmessige seksjonsmøte, avd.leiarmøte og avdelingsmøte",
                "Regular section meetings, department management meetings and department meetings",
            ),
            t(
                "Ta i bruk ulike typer organisasjonsformer der det er hensiktsmessig",
                "Ta i bruk ulike typar organisasjonsformer der det er føremålstenleg",
                "Use different forms of organisation where appropriate",
            ),
            t(
                "Avgi ressurser og kompetanse i egen seksjon til arbeidsoppgaver på tvers av seksjoner/avdelinger "
                "ved behov",
                "Gi frå seg ressursar og kompetanse i eigen seksjon til arbeidsoppgåver på tvers av "
                "seksjonar/avdelingar ved behov",
                "Release resources and competence in one's own section for tasks across sections/departments "
                "when needed",
            ),
            t(
                "Bidra til en god utvikling/fellesskap i avdelingsledergruppen",
                "Bidra til ei god utvikling/eit godt fellesskap i avdelingsleiargruppa",
                "Contribute to good development/community in the department's management group",
            ),
        ],
        "evaluation": t(
            "Tilbakemelding fra dep.råd, avdelingsledelse, andre avdelinger og eksterne",
            "Tilbakemelding frå dep.råd, avdelingsleiinga, andre avdelingar og eksterne",
            "Feedback from the secretary general, the department's management, other departments and external parties",
        ),
    },
    {
        "number": "3.5",
        "perspective": "internal_processes",
        "text": t(
            "Proaktiv og utviklingsorientert (Ta initiativ til utvikling og tilrettelegge for fremtidige endringer)",
            "Proaktiv og utviklingsorientert (Ta initiativ til utvikling og leggje til rette for framtidige endringar)",
            "Proactive and development-oriented (Take the initiative for development and prepare for future changes)",
        ),
        "indicators": [
            t(
                "Vise initiativ, komme med forslag til løsninger",
                "Vise initiativ, kome med framlegg til løysingar",
                "Show initiative, propose solutions",
            ),
            t(
                "Være i forkant av fremtidige utfordringer",
                "Vere i forkant av framtidige utfordringar",
                "Stay ahead of future challenges",
            ),
        ],
        "evaluation": t(
            "Vurderinger fra dep.råd, avdelingsledelse, andre avdelinger og eksterne",
            "Vurderingar frå dep.råd, avdelingsleiinga, andre avdelingar og eksterne",
            "Assessments from the secretary general, the department's management, other departments "
            "and external parties",
        ),
    },
    {
        "number": "3.6",
        "perspective": "users",
        "text": t(
            "Bruker- og serviceinnstilling overfor resten av departementet",
            "Brukar- og serviceinnstilling overfor resten av departementet",
            "User and service orientation towards the rest of the ministry",
        ),
        "indicators": [
            t("Resultat fra brukerundersøkelser", "Resultat frå brukarundersøkingar", "Results of user surveys"),
            t(
                "Antall klager til avdelingen",
                "Talet på klager til avdelinga",
                "Number of complaints to the department",
            ),
        ],
        "evaluation": t(
            "Brukerundersøkelser med mellomrom", "Brukarundersøkingar med jamne mellomrom", "User surveys at intervals"
        ),
    },
]

CATEGORIES = [
    {
        "key": "professional",
        "number": "1",
        "title": PROFESSIONAL_TITLE,
        "guidance": COUNT_GUIDANCE,
        "recommended_min": 4,
        "recommended_max": 5,
        "is_common": False,
        "prefilled": False,
        "public_default": True,
        "default_perspective": "professional",
        "columns": ["indicator", "evaluation"],
        "column_headings": _headings(PROFESSIONAL_TITLE),
        "examples": [
            {
                "text": t(
                    "Eks: Få på plass en avtale om inkluderende arbeidsliv innen 31.12.02.",
                    "Døme: Få på plass ein avtale om inkluderande arbeidsliv innan 31.12.02.",
                    "Example: Put in place an agreement on an inclusive working life by 31.12.02.",
                ),
                "indicators": [
                    t(
                        "Avtale på plass innen tidsfrist",
                        "Avtale på plass innan fristen",
                        "Agreement in place by the deadline",
                    )
                ],
                "evaluation": t(
                    "Vurderinger fra tillitsvalgte og andre avdelinger",
                    "Vurderingar frå tillitsvalde og andre avdelingar",
                    "Assessments from union representatives and other departments",
                ),
            }
        ],
    },
    {
        "key": "personal_development",
        "number": "2",
        "title": PERSONAL_TITLE,
        "guidance": COUNT_GUIDANCE,
        "recommended_min": 4,
        "recommended_max": 5,
        "is_common": False,
        "prefilled": False,
        "public_default": False,
        "default_perspective": "employees",
        "columns": ["indicator", "evaluation"],
        "column_headings": _headings(PERSONAL_TITLE),
        "examples": [
            {
                "text": t(
                    "Eks: Mer delegering, hvilket igjen medfører behov for å videreutvikle coach-rollen",
                    "Døme: Meir delegering, noko som igjen fører til behov for å vidareutvikle coach-rolla",
                    "Example: More delegation, which in turn calls for developing the coaching role further",
                ),
                "indicators": [],
                "evaluation": t("", "", ""),
            }
        ],
    },
    {
        "key": "general",
        "number": "3",
        "title": GENERAL_TITLE,
        "guidance": t("", "", ""),
        "recommended_min": None,
        "recommended_max": None,
        "is_common": True,
        "prefilled": False,
        "public_default": True,
        "default_perspective": "employees",
        "columns": ["indicator", "evaluation"],
        "column_headings": _headings(GENERAL_TITLE),
        "examples": GENERAL_REQUIREMENTS,
    },
]

CONTENT = {
    "title": NAME,
    "requirements_heading": t(
        "Prioriterte resultatkrav:", "Prioriterte resultatkrav:", "Priority performance requirements:"
    ),
    "sections": SECTIONS,
    "categories": CATEGORIES,
    "scale_heading": SCALE_HEADING,
    "scale": SEED_SCALE,
    "signature_block": None,
}
