"""What the agreement page shows, built once for the agreement page, the review page and a
page re-shown after a refused action. A fixed number of queries however many requirements,
comments or versions the agreement has."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions

from .. import selectors, services
from ..advice import advice_for
from ..constants import AgreementState, Binds, SignatureRole
from ..forms import CommentForm
from ..models import Agreement, Comment, Requirement, Signature, localized
from ._common import optional_url, seen_now

OPEN_STATES = (AgreementState.DRAFT, AgreementState.IN_REVIEW)


@dataclass
class NextAction:
    """The one thing the reader should do now (or why there is nothing)."""

    kind: str  # "submit", "sign", "renegotiate", "wait", "none"
    label: str
    explanation: str = ""


def sections_of(agreement: Agreement, placement: str) -> list[dict]:
    out = []
    for s in agreement.template_version.sections:
        if s.get("placement", "before") != placement:
            continue
        kind = s.get("kind", "text")
        if kind == "holder":
            text = ", ".join(x for x in (agreement.leader.name, agreement.leader.title, agreement.unit.name) if x)
        elif kind == "superior":
            text = ", ".join(x for x in (agreement.superior.name, agreement.superior.title) if x)
        else:
            text = agreement.sections.get(s["key"], "")
        out.append(
            {
                "key": s["key"],
                "kind": kind,
                "heading": localized(s["heading"]),
                "guidance": localized(s.get("guidance")),
                "max_lines": s.get("max_lines"),
                "text": text,
                "public": bool(agreement.section_public.get(s["key"], s.get("public_default", True))),
                "editable": kind == "text",
            }
        )
    return out


def load_requirements(agreement: Agreement) -> list[Requirement]:
    return list(
        Requirement.objects.filter(agreement=agreement)
        .select_related("goal__unit", "superior_requirement")
        .prefetch_related("indicators")
        .order_by("position", "pk")
    )


def category_rows(agreement: Agreement, requirements: list[Requirement]) -> list[dict]:
    """One table per template category, with exactly the template's columns."""
    rows = []
    for c in agreement.template_version.categories:
        headings = c.get("column_headings") or {}
        reqs = [r for r in requirements if r.category_key == c["key"]]
        for i, r in enumerate(reqs):
            r.is_first, r.is_last = i == 0, i == len(reqs) - 1
        lo, hi = c.get("recommended_min"), c.get("recommended_max")
        recommended = ""
        if lo is not None and hi is not None:
            recommended = _("Recommended: %(lo)s–%(hi)s requirements.") % {"lo": lo, "hi": hi}
        elif hi is not None:
            recommended = _("Recommended: at most %(hi)s requirements.") % {"hi": hi}
        title = localized(c["title"])
        rows.append(
            {
                "key": c["key"],
                "number": c.get("number", ""),
                "title": title,
                "guidance": localized(c.get("guidance")),
                "recommended": recommended,
                "is_common": bool(c.get("is_common")),
                "first_heading": localized(headings.get("requirement")) or title,
                "columns": [(col, localized(headings.get(col)) or col) for col in c.get("columns", [])],
                "requirements": reqs,
            }
        )
    return rows


def pending_signature_roles(agreement: Agreement) -> set[str]:
    """Roles that have signed the version waiting for the other signature."""
    return set(
        Signature.objects.filter(
            version__agreement=agreement, version__is_in_force=False, voided_at__isnull=True
        ).values_list("role", flat=True)
    )


def next_action(person, agreement: Agreement, actions: list[str], signed_roles: set[str]) -> NextAction:
    is_leader = person.pk == agreement.leader_id
    role = SignatureRole.LEADER if is_leader else SignatureRole.SUPERIOR
    if "submit" in actions:
        return NextAction(
            "submit",
            _("Submit to %(name)s") % {"name": agreement.superior.name},
            _("Your superior reviews the draft, comments or returns it, and both of you sign."),
        )
    if "sign" in actions:
        if role in signed_roles:
            other = agreement.superior if is_leader else agreement.leader
            return NextAction(
                "wait", _("Waiting for %(name)s to sign") % {"name": other.name}, _("You have signed this version.")
            )
        explanation = (
            _("%(name)s has signed this version.")
            % {"name": (agreement.superior if is_leader else agreement.leader).name}
            if signed_roles
            else _("The agreement is in force once both of you have signed the same version.")
        )
        return NextAction("sign", _("Sign the agreement"), explanation)
    if agreement.state == AgreementState.DRAFT and person.pk == agreement.superior_id:
        return NextAction("wait", _("%(name)s is drafting") % {"name": agreement.leader.name})
    if agreement.state == AgreementState.SIGNED and "renegotiate" in actions:
        return NextAction(
            "renegotiate",
            _("Start a renegotiation"),
            _("The signed version stays in force until both of you have signed the revision."),
        )
    return NextAction("none", "")


def page_context(request, agreement: Agreement, **extra) -> dict:
    person = request.person
    full = permissions.can_view_agreement(person, agreement)
    requirements = load_requirements(agreement)
    comments = list(Comment.objects.filter(agreement=agreement).select_related("author").order_by("created_at", "pk"))
    by_requirement = defaultdict(list)
    overall = []
    for c in comments:
        (by_requirement[c.requirement_id] if c.requirement_id else overall).append(c)
    for r in requirements:
        r.page_comments = by_requirement.get(r.pk, [])
    can_edit = full and permissions.can_edit_agreement(person, agreement)
    actions = services.allowed_actions(person, agreement) if full else []
    signed_roles = pending_signature_roles(agreement) if agreement.state == AgreementState.IN_REVIEW else set()
    # The page lists the versions by number with a link to each change; their snapshots and
    # signatures are on the history page.
    versions = (
        list(agreement.versions.only("id", "agreement_id", "number", "is_in_force").order_by("number")) if full else []
    )
    can_comment = permissions.can_comment_agreement(person, agreement)
    context = {
        "agreement": agreement,
        "full": full,
        "is_leader": person.pk == agreement.leader_id,
        "is_superior": person.pk == agreement.superior_id,
        "before": sections_of(agreement, "before"),
        "after": sections_of(agreement, "after"),
        "requirements_heading": localized(agreement.template_version.content.get("requirements_heading")),
        "categories": category_rows(agreement, requirements),
        "requirements": requirements,
        "scale_heading": localized(agreement.template_version.content.get("scale_heading")),
        "scale": [localized(level["label"]) for level in agreement.template_version.scale],
        "overall_comments": overall,
        "comment_count": len(comments),
        "advice": advice_for(agreement, requirements=requirements) if full and agreement.state in OPEN_STATES else [],
        "actions": actions,
        "signed_roles": signed_roles,
        "next": next_action(person, agreement, actions, signed_roles) if full else NextAction("none", ""),
        "versions": versions,
        "can_edit": can_edit,
        "can_comment": can_comment,
        "comment_form": CommentForm(requirements=requirements) if can_comment else None,
        "can_share": permissions.can_share_agreement_with_unit(person, agreement),
        "can_review": permissions.can_review_agreement(person, agreement),
        "seen_at": seen_now(),
        "binds_leader": Binds.LEADER,
        "pdf_url": optional_url("reports:agreement_pdf", agreement.pk) if full else "",
        "docx_url": optional_url("reports:agreement_docx", agreement.pk) if full else "",
        "open_states": OPEN_STATES,
    }
    context.update(extra)
    return context


def coverage_for_superior(agreement: Agreement):
    """The cascade coverage of the superior's own agreement in the same period (None when
    the superior has none). The coverage needs only the keys of the superior's agreement."""
    own = (
        Agreement.objects.filter(
            organisation_id=agreement.organisation_id, period_id=agreement.period_id, leader_id=agreement.superior_id
        )
        .only(*selectors.COVERAGE_AGREEMENT_FIELDS)
        .first()
    )
    return selectors.cascade_coverage(own) if own is not None else None
