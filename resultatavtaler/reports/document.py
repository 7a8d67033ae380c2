"""The agreement as a document, independent of the output format: what the PDF template and the
Word writer both lay out, in the template's order (seed, Vedlegg):

title → parties → the template's sections placed before the requirements → the requirements
heading → one table per category with exactly the template's columns → the sections placed
after → the scale → the signature block "(dato) (sign.)".

Built from a frozen AgreementVersion snapshot when there is one (so a signed version's
document never changes when the live agreement is edited) or from the live draft, marked
DRAFT. Every label is resolved in the document's language (nb/nn/en) while it is built.

`public_only=True` gives the published parts only (what the unit's employees see, and the
basis of a redacted copy under offentleglova later): sections and requirements not marked
public are left out, and so are evaluations, which are never public.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from resultatavtaler.agreements.constants import Column, SignatureRole
from resultatavtaler.agreements.models import Agreement, AgreementVersion, Signature, TemplateVersion, localized
from resultatavtaler.lib.stored_values import stored_date, stored_decimal

LANGUAGES = ("nb", "nn", "en")


# --- the shape -------------------------------------------------------------------------------


@dataclass
class Section:
    key: str
    heading: str
    paragraphs: list[str]
    kind: str = "text"  # text | holder | superior


@dataclass
class RequirementRow:
    number: str
    text: str
    common: bool
    cells: list[list[str]]  # one list of lines per column, in the category's column order


@dataclass
class Category:
    heading: str
    guidance: str
    first_column: str
    columns: list[str]
    rows: list[RequirementRow]
    # The seed's OA table has no category heading of its own: its title heads the first column.
    show_heading: bool = True


@dataclass
class SignatureLine:
    role: str
    name: str
    title: str
    signed_on: str  # dd.mm.yyyy, empty while unsigned
    note: str = ""  # "Signed electronically on …" or "Not signed"


@dataclass
class Evaluation:
    """The follow-up shown with the closed assessment: summaries and acknowledgements."""

    self_summary: str = ""
    overall_label: str = ""
    overall: str = ""
    follow_up: str = ""
    conversation_on: str = ""
    leader_feedback: str = ""
    leader_acknowledged_on: str = ""
    superior_acknowledged_on: str = ""
    # Ratings of requirements whose template table has no rating columns (e.g. UFD/AD):
    # (requirement, self-evaluation lines, superior's assessment lines).
    ratings: list[tuple[str, list[str], list[str]]] = field(default_factory=list)


@dataclass
class AgreementDocument:
    language: str
    title: str
    template_title: str
    organisation: str
    leader: str
    superior: str
    unit: str
    period: str
    is_draft: bool
    public_only: bool
    version_number: int | None
    version_hash: str
    previous_hash: str
    parties: list[Section]  # shown under the title when the template has no party sections
    before: list[Section]
    requirements_heading: str
    categories: list[Category]
    after: list[Section]
    scale_heading: str
    scale: list[str]
    date_label: str
    sign_label: str
    signatures: list[SignatureLine]
    has_non_public_parts: bool
    evaluation: Evaluation | None = None
    labels: dict = field(default_factory=dict)

    def outline(self) -> list[str]:
        """The headings in reading order (for tests and the Word file's navigation)."""
        out = [s.heading for s in self.before]
        if self.requirements_heading:
            out.append(self.requirements_heading)
        out += [c.heading for c in self.categories]
        out += [s.heading for s in self.after]
        if self.scale_heading:
            out.append(self.scale_heading)
        return out


# --- helpers ---------------------------------------------------------------------------------


def norwegian_date(value) -> str:
    """28.11.2026 in Europe/Oslo (DESIGN.md §6), for dates, datetimes and ISO strings."""
    if not value:
        return ""
    day = stored_date(value)
    return value if day is None else day.strftime("%d.%m.%Y")


def _number(value, language: str) -> str:
    if value in (None, ""):
        return ""
    d = stored_decimal(value)
    if d is None:
        return str(value)
    text = format(d, "f")
    return text.replace(".", ",") if language in ("nb", "nn") else text


def _amount(value, unit: str | None, language: str) -> str:
    # A no-break space keeps "6,5 %" together on one line.
    return f"{_number(value, language)}\u00a0{unit}" if unit else _number(value, language)


def _paragraphs(text: str) -> list[str]:
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b]


def _indicator_line(ind: dict, language: str) -> str:
    """"Sykefravær (utgangsverdi 6,5 %, mål 5 % innen 31.12.2026)": the target and its deadline
    are one phrase, with a whole translatable phrase for each combination present (as on the
    pages, agreements/templatetags/indicator_text.py)."""
    parts = []
    if ind.get("baseline") not in (None, ""):
        parts.append(_("baseline %(baseline)s") % {"baseline": _amount(ind["baseline"], ind.get("unit"), language)})
    has_target = ind.get("target_value") not in (None, "")
    target = _amount(ind["target_value"], ind.get("unit"), language) if has_target else ""
    deadline = norwegian_date(ind["deadline"]) if ind.get("deadline") else ""
    if target and deadline:
        parts.append(_("target %(target)s by %(deadline)s") % {"target": target, "deadline": deadline})
    elif target:
        parts.append(_("target %(target)s") % {"target": target})
    elif deadline:
        parts.append(_("deadline %(deadline)s") % {"deadline": deadline})
    text = ind.get("text") or ""
    return f"{text} ({', '.join(parts)})" if parts else text


def _rating_lines(rating, language: str) -> list[str]:
    if rating is None:
        return []
    lines = []
    label = localized(rating.label, language) if rating.label else ""
    if label:
        lines.append(label)
    if rating.comment:
        lines.append(rating.comment)
    return lines


def _cell(column: str, req: dict, language: str, ratings: dict) -> list[str]:
    if column == Column.INDICATOR:
        return [_indicator_line(i, language) for i in req.get("indicators", [])]
    if column == Column.EVALUATION:
        return _paragraphs(req.get("evaluation_method", "")) or []
    if column == Column.ELEMENTS:
        return [f"– {e}" for e in req.get("elements", []) if e]
    if column == Column.SELF_EVALUATION:
        return _rating_lines(ratings.get("self", {}).get(req["id"]), language)
    if column == Column.SUPERIOR_ASSESSMENT:
        return _rating_lines(ratings.get("superior", {}).get(req["id"]), language)
    return []


_DEFAULT_COLUMN_HEADINGS = {
    Column.INDICATOR: lambda: _("Indicator"),
    Column.EVALUATION: lambda: _("Evaluation"),
    Column.ELEMENTS: lambda: _("Elements in assessing results"),
    Column.SELF_EVALUATION: lambda: _("Self-evaluation"),
    Column.SUPERIOR_ASSESSMENT: lambda: _("Superior's assessment"),
}


# --- where the content comes from ------------------------------------------------------------


@dataclass
class Source:
    """The content a document shows: a frozen version, or the live agreement as a draft."""

    agreement: Agreement
    snapshot: dict
    version: AgreementVersion | None
    signatures: list[Signature]

    @property
    def is_signed(self) -> bool:
        roles = {s.role for s in self.signatures}
        return self.version is not None and {SignatureRole.LEADER, SignatureRole.SUPERIOR} <= roles

    @property
    def is_in_force(self) -> bool:
        return self.version is not None and self.version.pk == self.agreement.in_force_version_id


def evaluations_for(source: Source) -> tuple[dict, Evaluation | None]:
    """Submitted self-ratings and completed assessment ratings of the version in force, keyed by
    requirement id (the snapshot keeps each requirement's id). Drafts and unsubmitted work are
    not shown: a document shows what was handed over."""
    if not source.is_in_force:
        return {}, None
    try:
        from resultatavtaler.evaluations.models import Assessment, SelfEvaluation
    except ImportError:  # the evaluations app is optional for documents
        return {}, None
    ag = source.agreement
    se = SelfEvaluation.objects.filter(agreement=ag, submitted_at__isnull=False).prefetch_related("ratings").first()
    a = Assessment.objects.filter(agreement=ag, completed_at__isnull=False).prefetch_related("ratings").first()
    ratings = {
        "self": {r.requirement_id: r for r in se.ratings.all()} if se else {},
        "superior": {r.requirement_id: r for r in a.ratings.all()} if a else {},
    }
    if se is None and a is None:
        return ratings, None
    return ratings, (se, a)


# --- building --------------------------------------------------------------------------------


def build_document(
    source: Source, *, language: str, public_only: bool = False, include_evaluations: bool = False
) -> AgreementDocument:
    language = language if language in LANGUAGES else "nb"
    with translation.override(language):
        return _build(source, language=language, public_only=public_only, include_evaluations=include_evaluations)


def _build(source: Source, *, language: str, public_only: bool, include_evaluations: bool) -> AgreementDocument:
    ag, snap = source.agreement, source.snapshot
    tv_id = (snap.get("template") or {}).get("version_id")
    tv = TemplateVersion.objects.filter(pk=tv_id).first() if tv_id else None
    content = (tv or ag.template_version).content

    def L(value) -> str:  # noqa: N802 - a short reader for {"nb","nn","en"} texts
        return localized(value, language) if value else ""

    leader = snap.get("leader") or {}
    superior = snap.get("superior") or {}
    unit = (snap.get("unit") or {}).get("name", "")
    period = (snap.get("period") or {}).get("name", "")
    organisation = ag.organisation.name

    holder_text = ", ".join(x for x in (leader.get("name"), leader.get("title"), unit, organisation) if x)
    superior_text = " ".join(x for x in (superior.get("title"), superior.get("name")) if x)
    texts = {s["key"]: s for s in snap.get("sections", [])}
    has_non_public = any(not s.get("public", True) for s in snap.get("sections", [])) or any(
        not r.get("public", True) for r in snap.get("requirements", [])
    )

    before, after, party_kinds = [], [], set()
    for s in content.get("sections", []):
        kind = s.get("kind", "text")
        if kind == "holder":
            section = Section(s["key"], L(s["heading"]), [holder_text], kind)
            party_kinds.add(kind)
        elif kind == "superior":
            section = Section(s["key"], L(s["heading"]), [superior_text], kind)
            party_kinds.add(kind)
        else:
            stored = texts.get(s["key"], {"text": "", "public": s.get("public_default", True)})
            if public_only and not stored.get("public", True):
                continue
            section = Section(s["key"], L(s["heading"]), _paragraphs(stored.get("text", "")), kind)
        (after if s.get("placement") == "after" else before).append(section)

    parties = []
    if "holder" not in party_kinds:
        parties.append(Section("holder", _("Post holder"), [holder_text], "holder"))
    if "superior" not in party_kinds:
        parties.append(Section("superior", _("Line manager"), [superior_text], "superior"))

    ratings, evaluation_rows = ({}, None)
    if include_evaluations and not public_only:
        ratings, evaluation_rows = evaluations_for(source)

    categories = []
    requirements = snap.get("requirements", [])
    for c in content.get("categories", []):
        columns = list(c.get("columns", []))
        headings = c.get("column_headings") or {}
        title = L(c.get("title"))
        first = L(headings.get("requirement")) if headings.get("requirement") else ""
        rows = []
        for r in requirements:
            if r.get("category") != c["key"] or (public_only and not r.get("public", True)):
                continue
            rows.append(
                RequirementRow(
                    number=r.get("number", ""),
                    text=r.get("text", ""),
                    common=bool(r.get("common")),
                    cells=[_cell(col, r, language, ratings) for col in columns],
                )
            )
        unnumbered_table = not c.get("number") and first == title
        categories.append(
            Category(
                heading=f"{c['number']}. {title}" if c.get("number") else title,
                show_heading=not unnumbered_table,
                guidance=L(c.get("guidance")),
                first_column=first if first and (unnumbered_table or first != title) else _("Requirement"),
                columns=[L(headings.get(col)) or _DEFAULT_COLUMN_HEADINGS[col]() for col in columns],
                rows=rows,
            )
        )

    scale = [L(level.get("label")) for level in content.get("scale", [])]
    scale_heading = L(content.get("scale_heading")) or (_("Assessment scale") if scale else "")
    block = content.get("signature_block") or {}

    version = source.version
    by_role = {s.role: s for s in source.signatures}
    signatures = [
        SignatureLine(
            role=_("Post holder"),
            name=leader.get("name", ""),
            title=leader.get("title", ""),
            signed_on=(
                norwegian_date(by_role[SignatureRole.LEADER].signed_at) if SignatureRole.LEADER in by_role else ""
            ),
        ),
        SignatureLine(
            role=_("Line manager"),
            name=superior.get("name", ""),
            title=superior.get("title", ""),
            signed_on=(
                norwegian_date(by_role[SignatureRole.SUPERIOR].signed_at) if SignatureRole.SUPERIOR in by_role else ""
            ),
        ),
    ]

    for line in signatures:
        line.note = (
            _("Signed electronically on %(date)s") % {"date": line.signed_on} if line.signed_on else _("Not signed")
        )

    evaluation = None
    if evaluation_rows is not None:
        se, a = evaluation_rows
        rated_in_table = {
            c["key"]
            for c in content.get("categories", [])
            if {Column.SELF_EVALUATION, Column.SUPERIOR_ASSESSMENT} <= set(c.get("columns", []))
        }
        other_ratings = [
            (
                f"{r.get('number', '')} {r.get('text', '')}".strip(),
                _rating_lines(ratings["self"].get(r["id"]), language),
                _rating_lines(ratings["superior"].get(r["id"]), language),
            )
            for r in requirements
            if r.get("category") not in rated_in_table
        ]
        evaluation = Evaluation(
            ratings=[row for row in other_ratings if row[1] or row[2]],
            self_summary=se.summary if se else "",
            overall_label=L(a.overall_label) if a and a.overall_label else "",
            overall=a.overall if a else "",
            follow_up=a.follow_up if a else "",
            conversation_on=norwegian_date(a.conversation_at) if a else "",
            leader_feedback=a.leader_feedback if a else "",
            leader_acknowledged_on=norwegian_date(a.leader_acknowledged_at) if a else "",
            superior_acknowledged_on=norwegian_date(a.superior_acknowledged_at) if a else "",
        )

    labels = {
        "draft": _("DRAFT"),
        "draft_note": _("Not signed by both parties. The content may still change."),
        "public_only": _("Published parts only: sections and requirements not made public are left out."),
        "template": _("Template"),
        "version": _("Version %(number)s") % {"number": version.number} if version else "",
        "hash": _("SHA-256 of the version"),
        "previous_hash": _("SHA-256 of the previous version"),
        "common": _("common requirement"),
        "page": _("Page"),
        "evaluation": _("Assessment"),
        "self_summary": _("Summary of results achieved (self-evaluation)"),
        "overall": _("Overall assessment"),
        "follow_up": _("Agreed follow-up"),
        "conversation": _("Assessment conversation"),
        "leader_feedback": _("The leader's feedback to the superior"),
        "acknowledged": _("Acknowledged"),
        "ratings": _("Ratings per requirement"),
        "requirement": _("Requirement"),
        "self_evaluation": _("Self-evaluation"),
        "superior_assessment": _("Superior's assessment"),
        "parties": _("Parties"),
        "number": _("No."),
        "signatures": _("Signatures"),
    }
    return AgreementDocument(
        language=language,
        title=_("Results agreement for %(leader)s, %(unit)s, %(period)s")
        % {"leader": leader.get("name", ""), "unit": unit, "period": period},
        template_title=L(content.get("title")),
        organisation=organisation,
        leader=leader.get("name", ""),
        superior=superior.get("name", ""),
        unit=unit,
        period=period,
        is_draft=not source.is_signed,
        public_only=public_only,
        version_number=version.number if version else None,
        version_hash=version.sha256 if version else "",
        previous_hash=version.previous_hash if version else "",
        parties=parties,
        before=before,
        requirements_heading=L(content.get("requirements_heading")),
        categories=categories,
        after=after,
        scale_heading=scale_heading,
        scale=scale,
        date_label=L(block.get("date")) or _("(date)"),
        sign_label=L(block.get("sign")) or _("(signature)"),
        signatures=signatures,
        has_non_public_parts=has_non_public,
        evaluation=evaluation,
        labels=labels,
    )
