"""Advice from the seed's recommendations (kvalitetsråd, DESIGN.md §4), computed on the draft.

Each rule is a small function of an `AdviceContext` returning an `AdviceResult`: ok or
warning, a translated message, and the seed passage it comes from (section and a short
quote in Norwegian). Advice never blocks by itself; a process owner may make chosen rules
blocking for submission (`AdviceSetting`), and `agreement_submit` then refuses while they fail."""

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .constants import AdviceStatus, Perspective
from .models import AdviceSetting, Agreement, Requirement, localized

# Q2: "Antall krav til lederen bør begrenses" — at most this many own (not common) requirements.
MAX_OWN_REQUIREMENTS = 12

# Q7: words that mark a cooperation/flexibility requirement (bokmål, nynorsk, English).
COOPERATION_WORDS = re.compile(
    r"samarbeid|samhandl|fleksib|helhet|heilskap|på tvers|bidra overfor|yte ressurs|cooperat|collaborat|flexib",
    re.IGNORECASE,
)


@dataclass
class AdviceResult:
    code: str
    title: str
    status: str
    message: str
    seed_section: str
    seed_quote: str
    blocking: bool = False
    items: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == AdviceStatus.OK


@dataclass
class AdviceContext:
    agreement: Agreement
    # The agreement's requirements with their indicators when the caller has them already (the
    # agreement page does); otherwise read here.
    loaded: list[Requirement] | None = None

    @cached_property
    def requirements(self) -> list[Requirement]:
        if self.loaded is not None:
            return sorted(self.loaded, key=lambda r: (r.category_key, r.position))
        return list(
            Requirement.objects.filter(agreement=self.agreement)
            .prefetch_related("indicators")
            .order_by("category_key", "position")
        )

    @cached_property
    def categories(self) -> list[dict]:
        return self.agreement.template_version.categories

    def category(self, key: str) -> dict:
        return next((c for c in self.categories if c["key"] == key), {})

    @property
    def own_requirements(self) -> list[Requirement]:
        return [r for r in self.requirements if r.common_requirement_id is None]


def _result(code, title, ok, message, section, quote, items=None) -> AdviceResult:
    return AdviceResult(
        code=code,
        title=str(title),
        status=AdviceStatus.OK if ok else AdviceStatus.WARNING,
        message=str(message),
        seed_section=section,
        seed_quote=quote,
        items=items or [],
    )


def q1_category_counts(ctx: AdviceContext) -> AdviceResult:
    problems = []
    for c in ctx.categories:
        lo, hi = c.get("recommended_min"), c.get("recommended_max")
        if c.get("is_common") or (lo is None and hi is None):
            continue
        n = sum(1 for r in ctx.requirements if r.category_key == c["key"])
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            problems.append(
                _("%(category)s: %(n)s requirements, the template recommends %(lo)s–%(hi)s.")
                % {"category": localized(c["title"]), "n": n, "lo": lo if lo is not None else 0, "hi": hi or "…"}
            )
    return _result(
        "Q1",
        gettext_lazy("Recommended number per category"),
        not problems,
        _("Each category holds its recommended number of requirements.") if not problems else " ".join(problems),
        "Vedlegg",
        "4-5 mål/resultatområder",
        problems,
    )


def q2_total_count(ctx: AdviceContext) -> AdviceResult:
    n = len(ctx.own_requirements)
    ok = n <= MAX_OWN_REQUIREMENTS
    return _result(
        "Q2",
        gettext_lazy("Few requirements"),
        ok,
        _("%(n)s own requirements: few enough to follow up.") % {"n": n}
        if ok
        else _("%(n)s own requirements; keep to at most %(max)s so they can be followed up.")
        % {"n": n, "max": MAX_OWN_REQUIREMENTS},
        "3",
        "Antall krav til lederen bør begrenses. … Blir kravene for mange blir det også tyngre i oppfølgingen.",
    )


def q3_measured_and_evaluated(ctx: AdviceContext) -> AdviceResult:
    missing = []
    for r in ctx.requirements:
        columns = ctx.category(r.category_key).get("columns", ["indicator", "evaluation"])
        needs = []
        has_indicator = bool(r.indicators.all())
        if ("indicator" in columns or "elements" in columns) and not (has_indicator or r.elements):
            needs.append(_("an indicator or elements"))
        if "evaluation" in columns and not r.evaluation_method.strip():
            needs.append(_("an evaluation method"))
        if needs:
            missing.append(_("%(number)s lacks %(what)s.") % {"number": r.number, "what": _(" and ").join(needs)})
    return _result(
        "Q3",
        gettext_lazy("Indicators and evaluation"),
        not missing,
        _("Every requirement says how results are recognised and who evaluates them.")
        if not missing
        else " ".join(missing),
        "2.7",
        "PA har for hvert resultatkrav listet opp en eller flere indikatorer … Avdelingen har også for hvert "
        "enkelt krav skrevet hvordan evaluering skal skje.",
        missing,
    )


BALANCE = (Perspective.PROFESSIONAL, Perspective.ECONOMY, Perspective.EMPLOYEES, Perspective.USERS)


def q4_balance(ctx: AdviceContext) -> AdviceResult:
    present = {r.perspective for r in ctx.requirements}
    missing = [str(p.label).lower() for p in BALANCE if p.value not in present]
    return _result(
        "Q4",
        gettext_lazy("Balanced requirements"),
        not missing,
        _("The requirements cover the professional side, economy, employees and users.")
        if not missing
        else _("No requirement covers: %(list)s.") % {"list": ", ".join(missing)},
        "3",
        "Kravene bør balanseres. Kravene som stilles til lederen bør dekke ulike sider ved lederens "
        "ansvarsområde (for eksempel faglige krav, økonomi, medarbeideroppfølging, brukerorientering).",
        missing,
    )


def q5_linked_upward(ctx: AdviceContext) -> AdviceResult:
    loose = [
        r.number
        for r in ctx.own_requirements
        if r.perspective == Perspective.PROFESSIONAL and r.goal_id is None and r.superior_requirement_id is None
    ]
    return _result(
        "Q5",
        gettext_lazy("Linked to goals"),
        not loose,
        _("Every professional requirement links to a goal or to the superior's agreement.")
        if not loose
        else _("Not linked to a goal or to the superior's agreement: %(list)s.") % {"list": ", ".join(loose)},
        "3",
        "Det må være en sammenheng mellom de kravene som stilles til topplederne, og de kravene som stilles "
        "til mellomlederne.",
        loose,
    )


def q6_cascade_owned(ctx: AdviceContext) -> AdviceResult:
    from .selectors import cascade_coverage

    coverage = cascade_coverage(ctx.agreement, ctx.requirements)
    if not coverage.subordinate_agreements:
        return _result(
            "Q6",
            gettext_lazy("Goals carried further down"),
            True,
            _("No agreements below this one yet."),
            "3",
            "Det må være en sammenheng mellom de kravene som stilles til topplederne, og de kravene som stilles "
            "til mellomlederne.",
        )
    gaps = [f"{row.label}" for row in coverage.gaps]
    return _result(
        "Q6",
        gettext_lazy("Goals carried further down"),
        not gaps,
        _("Every requirement and goal of yours is carried by a leader below you.")
        if not gaps
        else _("Carried by no leader below you: %(list)s.") % {"list": "; ".join(gaps)},
        "3",
        "Det må være en sammenheng mellom de kravene som stilles til topplederne, og de kravene som stilles "
        "til mellomlederne.",
        gaps,
    )


def q7_cooperation(ctx: AdviceContext) -> AdviceResult:
    found = any(
        COOPERATION_WORDS.search(" ".join([r.text, *r.elements, *[i.text for i in r.indicators.all()]]))
        for r in ctx.requirements
    )
    return _result(
        "Q7",
        gettext_lazy("Cooperation and flexibility"),
        found,
        _("There is a requirement about cooperation and flexibility.")
        if found
        else _("Add a requirement that the unit is flexible and contributes to the rest of the organisation."),
        "2.3",
        "Det kan også være en god idé å ha et eget krav om at lederen eller enheten nettopp skal være "
        "fleksibel og bidra overfor resten av avdelingen.",
    )


def q8_shared_with_unit(ctx: AdviceContext) -> AdviceResult:
    ok = ctx.agreement.shared_with_unit_at is not None
    return _result(
        "Q8",
        gettext_lazy("Unit involved"),
        ok,
        _("The draft was shared with the unit.") if ok else _("Share the draft with the unit for their comments."),
        "2.9",
        "Etter Statskonsults vurdering kan det også være en svært god idé å drøfte kravene med egne medarbeidere.",
    )


def q9_publication_decided(ctx: AdviceContext) -> AdviceResult:
    ok = ctx.agreement.publication_decided
    return _result(
        "Q9",
        gettext_lazy("Publication decided"),
        ok,
        _("You have decided what the unit will see once the agreement is signed.")
        if ok
        else _("Decide which parts the unit will see once the agreement is signed."),
        "2.9",
        "Når avtalen er inngått bør det legges opp til at den delen av innholdet som gjelder hele enheten, "
        "gjøres kjent for alle medarbeidere.",
    )


def q10_dates_set(ctx: AdviceContext) -> AdviceResult:
    period = ctx.agreement.period
    missing = []
    if not period.midyear_review:
        missing.append(_("mid-year review"))
    if not period.assessment_from:
        missing.append(_("assessment conversation"))
    return _result(
        "Q10",
        gettext_lazy("Follow-up dates"),
        not missing,
        _("The mid-year review and the assessment conversations have dates.")
        if not missing
        else _("The period has no date for: %(list)s.") % {"list": ", ".join(str(m) for m in missing)},
        "2.9",
        "Det betyr i praksis at det foretas en vurdering etter for eksempel et halvt år og at det da "
        "foretas eventuelle justeringer i avtalen.",
        [str(m) for m in missing],
    )


_HAS_NUMBER = re.compile(r"\d")


def q11_measurable(ctx: AdviceContext) -> AdviceResult:
    vague = []
    for r in ctx.own_requirements:
        for i in r.indicators.all():
            if i.target_value is None and i.deadline is None and not _HAS_NUMBER.search(i.text):
                vague.append(f"{r.number}: {i.text}")
    return _result(
        "Q11",
        gettext_lazy("Measurable indicators"),
        not vague,
        _("Every indicator has a number or a date.")
        if not vague
        else _("Give these indicators a target value or a deadline: %(list)s.") % {"list": "; ".join(vague)},
        "2.7",
        "Fordelen med å benytte indikatorer er at det tydeliggjør kravene til mellomlederen og peker på "
        "noen objektive kriterier som kan legges til grunn ved vurdering av resultatoppnåelse.",
        vague,
    )


RULES = {
    "Q1": q1_category_counts,
    "Q2": q2_total_count,
    "Q3": q3_measured_and_evaluated,
    "Q4": q4_balance,
    "Q5": q5_linked_upward,
    "Q6": q6_cascade_owned,
    "Q7": q7_cooperation,
    "Q8": q8_shared_with_unit,
    "Q9": q9_publication_decided,
    "Q10": q10_dates_set,
    "Q11": q11_measurable,
}


def blocking_rules(organisation_id: int) -> set[str]:
    return set(
        AdviceSetting.objects.filter(organisation_id=organisation_id, blocking=True).values_list("rule_code", flat=True)
    )


def advice_for(
    agreement: Agreement, codes: list[str] | None = None, *, requirements: list[Requirement] | None = None
) -> list[AdviceResult]:
    """The advice rules' results; `requirements`, when given, are the agreement's requirements
    with their indicators prefetched (saves reading them again)."""
    ctx = AdviceContext(agreement, loaded=requirements)
    blocking = blocking_rules(agreement.organisation_id)
    results = []
    for code, rule in RULES.items():
        if codes is not None and code not in codes:
            continue
        res = rule(ctx)
        res.blocking = code in blocking
        results.append(res)
    return results


def blocking_failures(agreement: Agreement) -> list[AdviceResult]:
    blocking = blocking_rules(agreement.organisation_id)
    if not blocking:
        return []
    return [r for r in advice_for(agreement, sorted(blocking)) if not r.ok]
