"""The introduction guide: the interview questions ("stikkord") of the Statskonsult note,
section 1.3.2 — five used with the ekspedisjonssjefer and four with the avdelingsdirektører —
verbatim in bokmål, translated to nynorsk and English. A process owner introducing the scheme
in a department ticks them off as the conversations are held."""

from django.utils.translation import gettext_lazy as _

GROUPS = [
    {
        "key": "es",
        "title": _("Conversations with the Directors General (ekspedisjonssjefer)"),
        "items": [
            {
                "key": "es-1",
                "nb": "Hvilke forventninger har du til prosjektet resultatoppfølgning av mellomledere? "
                "Hva ønsker du å få ut av prosjektet?",
                "nn": "Kva forventningar har du til prosjektet resultatoppfølging av mellomleiarar? "
                "Kva ønskjer du å få ut av prosjektet?",
                "en": "What do you expect from the project on results follow-up of middle managers? "
                "What do you want to get out of the project?",
            },
            {
                "key": "es-2",
                "nb": "Hvordan stilles resultatkrav til seksjonssjefene i dag?",
                "nn": "Korleis blir resultatkrav stilte til seksjonssjefane i dag?",
                "en": "How are performance requirements set for the heads of section today?",
            },
            {
                "key": "es-3",
                "nb": "På hvilke måter måles resultater og hvordan følges resultatkravene opp "
                "(resultatindikatorer, kvalitativ vurdering, medarbeidersamtale osv)?",
                "nn": "På kva måtar blir resultat målte, og korleis blir resultatkrava følgde opp "
                "(resultatindikatorar, kvalitativ vurdering, medarbeidarsamtale osb.)?",
                "en": "In what ways are results measured, and how are the performance requirements followed up "
                "(performance indicators, qualitative assessment, appraisal interview, etc.)?",
            },
            {
                "key": "es-4",
                "nb": "På mange områder er det erfaringsvis vanskelig å måle resultatoppnåelse. Er det noen "
                "områder der dere ikke måler resultatoppnåelse i dag som du mener det er viktig å fokusere mer "
                "på? Har du noen ideer om hvordan resultatoppnåelse kan måles?",
                "nn": "På mange område er det erfaringsmessig vanskeleg å måle resultatoppnåing. Er det nokon "
                "område der de ikkje måler resultatoppnåing i dag som du meiner det er viktig å fokusere meir "
                "på? Har du nokre idear om korleis resultatoppnåing kan målast?",
                "en": "Experience shows that in many areas it is difficult to measure the achievement of results. "
                "Are there areas where you do not measure it today that you think it is important to focus more "
                "on? Do you have any ideas on how the achievement of results can be measured?",
            },
            {
                "key": "es-5",
                "nb": "Resultatkravene som stilles til den enkelte leder kan bestå av et sett med krav som "
                "gjelder spesifikt for denne lederen (gjerne faglige krav), og et sett krav som er felles for "
                "alle eller flere av lederne i avdelingen (og eventuelt departementet). Dette kan være mer "
                "allmenne lederkrav knyttet til personalledelse, lederkriterier, samarbeid med andre, "
                "brukerorientering og lignende. Er det noen slike felles resultatkrav du synes det er viktig at "
                "alle avdelingsdirektørene i din avdeling vurderes i forhold til? Hvordan kan resultatoppnåelse "
                "måles?",
                "nn": "Resultatkrava som blir stilte til den einskilde leiaren, kan bestå av eit sett med krav som "
                "gjeld spesifikt for denne leiaren (gjerne faglege krav), og eit sett krav som er felles for alle "
                "eller fleire av leiarane i avdelinga (og eventuelt departementet). Dette kan vere meir allmenne "
                "leiarkrav knytte til personalleiing, leiarkriterium, samarbeid med andre, brukarorientering og "
                "liknande. Er det nokre slike felles resultatkrav du synest det er viktig at alle "
                "avdelingsdirektørane i avdelinga di blir vurderte opp mot? Korleis kan resultatoppnåing målast?",
                "en": "The performance requirements set for each leader can consist of a set of requirements that "
                "apply specifically to that leader (often professional requirements) and a set of requirements "
                "common to all or several of the leaders in the department (and possibly the ministry). These "
                "can be more general leadership requirements related to personnel management, leadership "
                "criteria, cooperation with others, user orientation and the like. Are there any such common "
                "performance requirements against which you think it is important that all the deputy directors "
                "general in your department are assessed? How can the achievement of results be measured?",
            },
        ],
    },
    {
        "key": "ad",
        "title": _("Conversations with the Deputy Directors General (avdelingsdirektører)"),
        "items": [
            {
                "key": "ad-1",
                "nb": "Konsept/systematikk for hvordan resultatkrav kan formidles (stikkord: antall krav, type "
                "krav som for eksempel felles/individuelle, resultater/ferdigheter, format).",
                "nn": "Konsept/systematikk for korleis resultatkrav kan formidlast (stikkord: talet på krav, type "
                "krav som til dømes felles/individuelle, resultat/ferdigheiter, format).",
                "en": "Concept/system for how performance requirements can be communicated (key words: number of "
                "requirements, types of requirement such as common/individual, results/skills, format).",
            },
            {
                "key": "ad-2",
                "nb": "Konkrete områder dere ønsker å bli vurdert på?",
                "nn": "Konkrete område de ønskjer å bli vurderte på?",
                "en": "Specific areas you would like to be assessed on?",
            },
            {
                "key": "ad-3",
                "nb": "Hvordan måle og vurdere resultatene – datagrunnlag. Hvilke rapporter/datagrunnlag har dere "
                "i dag som kan brukes i forbindelse med måling og vurdering av resultatene?",
                "nn": "Korleis måle og vurdere resultata – datagrunnlag. Kva rapportar/datagrunnlag har de i dag "
                "som kan brukast i samband med måling og vurdering av resultata?",
                "en": "How to measure and assess the results – the data. Which reports/data do you have today "
                "that can be used for measuring and assessing the results?",
            },
            {
                "key": "ad-4",
                "nb": "Hvordan involvere medarbeidere?",
                "nn": "Korleis involvere medarbeidarar?",
                "en": "How to involve the staff?",
            },
        ],
    },
]

ITEM_KEYS = [item["key"] for group in GROUPS for item in group["items"]]
