"""Every example requirement of the Statskonsult note (August 2003), quoted in bokmål as the
note has them (stored with language "nb"): chapter 2.4 (UFD, administrasjonsavdelingen 1.2,
2.3, 3.1), chapter 2.6 (the three requirements of the management group in KRD's plan- og
administrasjonsavdeling), the appendix's templates — UFD/AD's examples for categories 1 and 2
and its general requirements 3.1–3.6, and UFD/OA's focus areas 1–4 with their elements.

3.1 "Delegering av arbeidsoppgaver" appears both in chapter 2.4 and in the UFD/AD template, in
the same words; it is one entry citing both places."""

SEED = "Statskonsult 2003"
_AD_24 = f"{SEED}, kap. 2.4 – eksempel fra UFD, administrasjonsavdelingen"
_AD_TEMPLATE = f"{SEED}, vedlegg – mal for resultatavtale for avdelingsdirektører i administrasjonsavdelingen/UFD"
_PA = f"{SEED}, kap. 2.6 – krav for ledergruppa i plan- og administrasjonsavdelingen, KRD"
_OA = f"{SEED}, kap. 2.6 og vedlegg – mal for resultatavtale for seksjonsledere i opplæringsavdelingen/UFD"
_OA_EVALUATION = "Egen evaluering. Eksp.sjefs vurdering"

EXAMPLES = [
    {
        "key": "ufd-ad-1.2",
        "category": "professional",
        "perspective": "economy",
        "text": "Sikre høy kvalitet på regnskapsfunksjonen og økonomikontrollen",
        "indicators": ["Feilfritt regnskap innen fastsatte tidsfrister", "Kontroll over utgiftene gjennom året"],
        "evaluation": "Regelmessige avstemmings- og kontrollrapporter til avdelingsledelsen og ledermøtet",
        "reference": f"{_AD_24}, krav 1.2",
    },
    {
        "key": "ufd-ad-2.3",
        "category": "personal_development",
        "perspective": "employees",
        "text": "Definere egen rolle i forhold til ny underdirektør",
        "indicators": ["Entydig rolleforståelse"],
        "evaluation": "Tilbakemelding fra u.dir, seksjonen og avdelingsledelsen",
        "reference": f"{_AD_24}, krav 2.3",
    },
    {
        "key": "ufd-ad-3.1",
        "category": "common_leadership",
        "perspective": "employees",
        "text": "Delegering av arbeidsoppgaver",
        "indicators": [
            "Engasjement og selvstendighet hos medarbeidere",
            "Ansvarliggjorte og synlige medarbeidere",
            "God arbeidsfordeling/ressursutnyttelse i seksjonen",
        ],
        "evaluation": "Tilbakemeldinger fra medarbeidere og avdelingsledelse",
        "reference": f"{_AD_24}, krav 3.1; {_AD_TEMPLATE}, krav 3.1",
    },
    {
        "key": "krd-pa-1",
        "category": "common_leadership",
        "perspective": "internal_processes",
        "text": (
            "Planlegge og gjennomføre pilotprosjektet ”Balansert målstyring” tilpasset PAs forutsetninger og "
            "behov, med siktemål å videreutvikle strategi- og VP-arbeidet i PA og KRD."
        ),
        "indicators": ["innen utgangen av 2002 (første fase av prosjektet)"],
        "evaluation": "vurdering fra ledere og ansatte i PA (og ev. ekstern konsulent)",
        "reference": _PA,
    },
    {
        "key": "krd-pa-2",
        "category": "common_leadership",
        "perspective": "employees",
        "text": "Inspirere, motivere og utløse engasjement hos medarbeidere.",
        "indicators": ["jobbtilfredshet, sykefravær, turnover, interne søkere til stillinger"],
        "evaluation": "møte med de ansatte og tillitsvalgte (LU-handlingsplan, medarbeidersamtale m.m)",
        "reference": _PA,
    },
    {
        "key": "krd-pa-3",
        "category": "common_leadership",
        "perspective": "internal_processes",
        "text": "Bidra til et godt samarbeid internt i PA med sikte på best mulig bruk av ressursene.",
        "indicators": [
            "aktiv deltakelse i felles diskusjoner, i ledermøtet og å yte bistand med ressurser fra en seksjon "
            "til andre seksjoner"
        ],
        "evaluation": "VP-rapportering ved årsskiftet",
        "reference": _PA,
    },
    {
        "key": "ufd-oa-1",
        "category": "common_leadership",
        "perspective": "professional",
        "text": "Bidra til at avdelingen fungerer som et godt sekretariat for politisk ledelse",
        "elements": [
            "høy kvalitet til rett tid",
            "proaktiv og ta initiativ i politikkutform./statsbudsj.",
            "god kommunikasjon med politisk ledelse",
            "god forståelse av det pol./adm.system",
            "internasjonal orientering",
            "ha/bidra med god kunnskap om tilstanden i sektoren",
            "utnytte kompetansen i sektoren",
            "følge opp ift statsrådens forpliktelser overfor Stortinget",
        ],
        "evaluation": _OA_EVALUATION,
        "reference": f"{_OA}, krav/fokusområde 1",
    },
    {
        "key": "ufd-oa-2",
        "category": "common_leadership",
        "perspective": "internal_processes",
        "text": (
            "Bidra til et godt samarbeid internt i avdelingen og departementet med sikte på en best mulig "
            "utnyttelse av ressursene og en god oppgaveløsning"
        ),
        "elements": [
            "samarbeidsevne (avdeling/seksjoner)",
            "vilje og evne til å se seksjonen som en del av en helhet",
            "vise vilje og evne til faglig helhetstenkning",
            "yte ressurser og bidra overfor andre seksjoner og områder",
            "fleksibilitet i oppgaveløsningen",
            "ha god kommunikasjon og opprettholde et bredt nettverk i og utenfor sektoren",
        ],
        "evaluation": _OA_EVALUATION,
        "reference": f"{_OA}, krav/fokusområde 2",
    },
    {
        "key": "ufd-oa-3",
        "category": "common_leadership",
        "perspective": "employees",
        "text": "Utvikle, motivere og utløse engasjement hos medarbeidere",
        "elements": [
            "rekruttere ”riktig”",
            "sørge for at medarbeidere utvikles",
            "sørge for at medarbeidere er motiverte og trives",
            "gi klare tilbakemeldinger",
            "prioritere",
            "være tilgjengelig for medarbeidere",
            "delegere oppgaver",
            "være talerør for seksjonen",
        ],
        "evaluation": _OA_EVALUATION,
        "reference": f"{_OA}, krav/fokusområde 3",
    },
    {
        "key": "ufd-oa-4",
        "category": "common_leadership",
        "perspective": "employees",
        "text": "Egenutvikling",
        "elements": ["skape rom for egenutvikling"],
        "evaluation": _OA_EVALUATION,
        "reference": f"{_OA}, krav/fokusområde 4",
    },
    {
        "key": "ufd-ad-3.2",
        "category": "common_leadership",
        "perspective": "employees",
        "text": (
            "Medarbeiderfokus (Inspirere, motivere og utløse engasjement hos medarbeidere. Være lojal i forhold "
            "til egne medarbeidere og avdelingsledelse)"
        ),
        "indicators": [
            "Godt arbeidsmiljø i seksjonen",
            "Aktiv personaloppfølging",
            "Beholde, videreutvikle og rekruttere dyktige medarbeidere",
            "Akseptabelt sykefravær, turnover, overtid",
            "Effektiv organisering av arbeidet i seksjonen ved for eksempel å ta i bruk ulike arbeidsformer der "
            "det er hensiktsmessig",
        ],
        "evaluation": (
            "Arbeidsmiljøundersøkelser. Regelmessige medarbeidersamtaler. Systematisk oppfølging og evaluering. "
            "STYRAPP-rapporter. Tilbakemelding fra medarbeidere og avdelingsledelsen."
        ),
        "reference": f"{_AD_TEMPLATE}, krav 3.2",
    },
    {
        "key": "ufd-ad-3.3",
        "category": "common_leadership",
        "perspective": "employees",
        "text": "Kompetanseutvikling (Utvikle både medarbeidernes og egen kompetanse – fagkompetanse/ferdigheter)",
        "indicators": [
            "Utnyttelse av kompetansetilbudet i UFD",
            "Tilbakemelding om kompetansebehov",
            "Varierte arbeidsoppgaver",
        ],
        "evaluation": (
            "Vurderinger fra medarbeidere, avdelingsledelse, andre avdelinger og brukere. Etterspørsel og bruk av "
            "kompetanse i seksjonen/departementet"
        ),
        "reference": f"{_AD_TEMPLATE}, krav 3.3",
    },
    {
        "key": "ufd-ad-3.4",
        "category": "common_leadership",
        "perspective": "internal_processes",
        "text": (
            "Helhetstenkning (Se seksjonens arbeidsoppgaver i lys av UFD som helhet. Stimulere til samarbeid og "
            "åpenhet mellom medarbeidere, seksjoner og avdelinger i UFD, underliggende etater og andre "
            "departementer. Ta helhetsansvar i avdelingen)"
        ),
        "indicators": [
            "Regelmessige seksjonsmøter, avd.ledermøter og avdelingsmøter",
            "Ta i bruk ulike typer organisasjonsformer der det er hensiktsmessig",
            "Avgi ressurser og kompetanse i egen seksjon til arbeidsoppgaver på tvers av seksjoner/avdelinger "
            "ved behov",
            "Bidra til en god utvikling/fellesskap i avdelingsledergruppen",
        ],
        "evaluation": "Tilbakemelding fra dep.råd, avdelingsledelse, andre avdelinger og eksterne",
        "reference": f"{_AD_TEMPLATE}, krav 3.4",
    },
    {
        "key": "ufd-ad-3.5",
        "category": "common_leadership",
        "perspective": "internal_processes",
        "text": (
            "Proaktiv og utviklingsorientert (Ta initiativ til utvikling og tilrettelegge for fremtidige "
            "endringer)"
        ),
        "indicators": ["Vise initiativ, komme med forslag til løsninger", "Være i forkant av fremtidige utfordringer"],
        "evaluation": "Vurderinger fra dep.råd, avdelingsledelse, andre avdelinger og eksterne",
        "reference": f"{_AD_TEMPLATE}, krav 3.5",
    },
    {
        "key": "ufd-ad-3.6",
        "category": "common_leadership",
        "perspective": "users",
        "text": "Bruker- og serviceinnstilling overfor resten av departementet",
        "indicators": ["Resultat fra brukerundersøkelser", "Antall klager til avdelingen"],
        "evaluation": "Brukerundersøkelser med mellomrom",
        "reference": f"{_AD_TEMPLATE}, krav 3.6",
    },
    {
        "key": "ufd-ad-ia",
        "category": "professional",
        "perspective": "employees",
        "text": "Få på plass en avtale om inkluderende arbeidsliv innen 31.12.02.",
        "indicators": ["Avtale på plass innen tidsfrist"],
        "evaluation": "Vurderinger fra tillitsvalgte og andre avdelinger",
        "reference": f"{_AD_TEMPLATE}, eksempel under 1. Faglige krav",
    },
    {
        "key": "ufd-ad-delegering",
        "category": "personal_development",
        "perspective": "employees",
        "text": "Mer delegering, hvilket igjen medfører behov for å videreutvikle coach-rollen",
        "reference": f"{_AD_TEMPLATE}, eksempel under 2. Personlige utviklingsmål som leder",
    },
]
