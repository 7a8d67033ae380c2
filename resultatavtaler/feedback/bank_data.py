"""The built-in 360 question bank, in bokmål, nynorsk and English. The areas follow the seed
(1.2.3: "mål- og resultatorientering, motivasjon, konflikthåndtering, handlekraft og
beslutningsdyktighet") and add communication, developing employees and cooperation — the
seed's concern about "not my table" (helhetstenkning). Copied into an organisation on first
use by services.question_bank_ensure(); process owners tailor the copy."""

SCALE = {
    "min": 1,
    "max": 5,
    "low": {"nb": "I svært liten grad", "nn": "I svært liten grad", "en": "To a very small extent"},
    "high": {"nb": "I svært stor grad", "nn": "I svært stor grad", "en": "To a very large extent"},
}


def _s(nb: str, nn: str, en: str) -> dict:
    return {"nb": nb, "nn": nn, "en": en}


AREAS = [
    {
        "code": "mal-og-resultat",
        "name": _s("Mål- og resultatorientering", "Mål- og resultatorientering", "Goals and results"),
        "statements": [
            _s("Lederen formidler tydelig hvilke mål enheten skal nå.",
               "Leiaren formidlar tydeleg kva mål eininga skal nå.",
               "The leader communicates clearly which goals the unit is to achieve."),
            _s("Lederen stiller klare krav og forventninger til den enkelte medarbeider.",
               "Leiaren stiller klare krav og forventningar til den einskilde medarbeidaren.",
               "The leader sets clear requirements and expectations for each employee."),
            _s("Lederen følger opp at arbeidet gir de resultatene vi er blitt enige om.",
               "Leiaren følgjer opp at arbeidet gir dei resultata vi har vorte samde om.",
               "The leader follows up that the work delivers the results we have agreed on."),
            _s("Lederen prioriterer oppgavene slik at de viktigste blir løst først.",
               "Leiaren prioriterer oppgåvene slik at dei viktigaste blir løyste først.",
               "The leader prioritises the tasks so that the most important ones are done first."),
        ],
    },
    {
        "code": "motivasjon",
        "name": _s("Motivasjon", "Motivasjon", "Motivation"),
        "statements": [
            _s("Lederen gir anerkjennelse for godt arbeid.",
               "Leiaren gir anerkjenning for godt arbeid.",
               "The leader gives recognition for good work."),
            _s("Lederen skaper engasjement for enhetens oppgaver.",
               "Leiaren skaper engasjement for oppgåvene til eininga.",
               "The leader creates commitment to the unit's tasks."),
            _s("Lederen gir medarbeiderne ansvar og handlingsrom.",
               "Leiaren gir medarbeidarane ansvar og handlingsrom.",
               "The leader gives employees responsibility and room to act."),
            _s("Lederen bidrar til et godt arbeidsmiljø.",
               "Leiaren bidreg til eit godt arbeidsmiljø.",
               "The leader contributes to a good working environment."),
        ],
    },
    {
        "code": "konflikthandtering",
        "name": _s("Konflikthåndtering", "Konflikthandtering", "Handling conflict"),
        "statements": [
            _s("Lederen tar tak i konflikter på et tidlig tidspunkt.",
               "Leiaren tek tak i konfliktar på eit tidleg tidspunkt.",
               "The leader addresses conflicts at an early stage."),
            _s("Lederen lytter til alle parter før konklusjonen trekkes.",
               "Leiaren lyttar til alle partar før konklusjonen blir dregen.",
               "The leader listens to all parties before drawing a conclusion."),
            _s("Lederen håndterer uenighet på en saklig og respektfull måte.",
               "Leiaren handterer usemje på ein sakleg og respektfull måte.",
               "The leader handles disagreement in a factual and respectful way."),
            _s("Lederen sørger for at vanskelige saker blir fulgt opp til de er løst.",
               "Leiaren syter for at vanskelege saker blir følgde opp til dei er løyste.",
               "The leader makes sure that difficult matters are followed up until they are resolved."),
        ],
    },
    {
        "code": "handlekraft",
        "name": _s("Handlekraft", "Handlekraft", "Drive"),
        "statements": [
            _s("Lederen tar initiativ når noe må gjøres.",
               "Leiaren tek initiativ når noko må gjerast.",
               "The leader takes the initiative when something needs to be done."),
            _s("Lederen gjennomfører det som er bestemt.",
               "Leiaren gjennomfører det som er bestemt.",
               "The leader carries out what has been decided."),
            _s("Lederen handler raskt når situasjonen krever det.",
               "Leiaren handlar raskt når situasjonen krev det.",
               "The leader acts quickly when the situation calls for it."),
            _s("Lederen står for upopulære beslutninger når det er nødvendig.",
               "Leiaren står for upopulære avgjerder når det er naudsynt.",
               "The leader stands by unpopular decisions when necessary."),
        ],
    },
    {
        "code": "beslutningsdyktighet",
        "name": _s("Beslutningsdyktighet", "Avgjerdsevne", "Decision-making"),
        "statements": [
            _s("Lederen tar beslutninger til rett tid.",
               "Leiaren tek avgjerder til rett tid.",
               "The leader makes decisions at the right time."),
            _s("Lederen skaffer seg nødvendig informasjon før beslutninger tas.",
               "Leiaren hentar inn naudsynt informasjon før avgjerder blir tekne.",
               "The leader gathers the necessary information before decisions are made."),
            _s("Lederen forklarer begrunnelsen for sine beslutninger.",
               "Leiaren forklarer grunngjevinga for avgjerdene sine.",
               "The leader explains the reasons for decisions."),
            _s("Lederen involverer medarbeiderne i beslutninger som berører dem.",
               "Leiaren involverer medarbeidarane i avgjerder som vedkjem dei.",
               "The leader involves employees in decisions that affect them."),
        ],
    },
    {
        "code": "kommunikasjon",
        "name": _s("Kommunikasjon", "Kommunikasjon", "Communication"),
        "statements": [
            _s("Lederen gir informasjon som er tydelig og lett å forstå.",
               "Leiaren gir informasjon som er tydeleg og lett å forstå.",
               "The leader gives information that is clear and easy to understand."),
            _s("Lederen lytter til medarbeidernes synspunkter.",
               "Leiaren lyttar til synspunkta til medarbeidarane.",
               "The leader listens to the employees' views."),
            _s("Lederen gir konstruktive tilbakemeldinger.",
               "Leiaren gir konstruktive tilbakemeldingar.",
               "The leader gives constructive feedback."),
            _s("Lederen holder enheten orientert om det som skjer i virksomheten.",
               "Leiaren held eininga orientert om det som skjer i verksemda.",
               "The leader keeps the unit informed about what is happening in the organisation."),
        ],
    },
    {
        "code": "utvikling-av-medarbeidere",
        "name": _s("Utvikling av medarbeidere", "Utvikling av medarbeidarar", "Developing employees"),
        "statements": [
            _s("Lederen er opptatt av at medarbeiderne utvikler seg faglig.",
               "Leiaren er oppteken av at medarbeidarane utviklar seg fagleg.",
               "The leader cares that employees develop professionally."),
            _s("Lederen gir oppgaver som utfordrer og utvikler.",
               "Leiaren gir oppgåver som utfordrar og utviklar.",
               "The leader gives assignments that challenge and develop people."),
            _s("Lederen bruker medarbeidersamtalen til å drøfte utvikling og mål.",
               "Leiaren nyttar medarbeidarsamtalen til å drøfte utvikling og mål.",
               "The leader uses the performance review to discuss development and goals."),
            _s("Lederen legger til rette for at kompetanse deles i enheten.",
               "Leiaren legg til rette for at kompetanse blir delt i eininga.",
               "The leader makes it easy to share knowledge within the unit."),
        ],
    },
    {
        "code": "samarbeid-og-helhet",
        "name": _s("Samarbeid og helhetstenkning", "Samarbeid og heilskapstenking",
                   "Cooperation and the bigger picture"),
        "statements": [
            _s("Lederen samarbeider godt med andre enheter.",
               "Leiaren samarbeider godt med andre einingar.",
               "The leader cooperates well with other units."),
            _s("Lederen ser enhetens oppgaver i sammenheng med virksomhetens mål.",
               "Leiaren ser oppgåvene til eininga i samanheng med måla til verksemda.",
               "The leader sees the unit's tasks in the light of the organisation's goals."),
            _s("Lederen bidrar til løsninger på tvers, også når oppgaven ikke er enhetens eget ansvar.",
               "Leiaren bidreg til løysingar på tvers, også når oppgåva ikkje er eininga sitt eige ansvar.",
               "The leader contributes to solutions across units, also when the task is not the unit's own "
               "responsibility."),
            _s("Lederen deler informasjon og ressurser med andre når det tjener helheten.",
               "Leiaren deler informasjon og ressursar med andre når det tener heilskapen.",
               "The leader shares information and resources with others when it serves the whole."),
        ],
    },
]

COMMENT_QUESTIONS = [
    _s("Hva gjør lederen særlig godt?",
       "Kva gjer leiaren særleg godt?",
       "What does the leader do particularly well?"),
    _s("Hva kan lederen gjøre annerledes eller bedre?",
       "Kva kan leiaren gjere annleis eller betre?",
       "What could the leader do differently or better?"),
]
