"""Frozen versions: the canonical JSON snapshot of an agreement, the hash chain that links
its versions, and the check that finds the first broken link (`verify_versions`)."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ..models import Agreement, AgreementVersion, Requirement

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def normalise(value: Any) -> Any:
    """What the value looks like after a JSON round trip (dates and decimals as strings)."""
    return json.loads(canonical(value))


def version_hash(*, number: int, previous_hash: str, snapshot: dict) -> str:
    payload = canonical({"number": number, "previous_hash": previous_hash, "snapshot": snapshot})
    return hashlib.sha256(payload.encode()).hexdigest()


def _person(p) -> dict | None:
    return None if p is None else {"id": p.pk, "name": p.name, "title": p.title}


def snapshot_of(agreement: Agreement) -> dict:
    """The whole content of the agreement as it stands, including the common requirements
    as they appear in it. State, signatures and comments are not content."""
    tv = agreement.template_version
    order = {c["key"]: i for i, c in enumerate(tv.categories)}
    requirements = (
        Requirement.objects.filter(agreement=agreement)
        .select_related("goal", "superior_requirement")
        .prefetch_related("indicators")
    )
    reqs = sorted(requirements, key=lambda r: (order.get(r.category_key, 999), r.position, r.pk))
    sections = [
        {
            "key": s["key"],
            "text": agreement.sections.get(s["key"], ""),
            "public": bool(agreement.section_public.get(s["key"], s.get("public_default", True))),
        }
        for s in tv.sections
        if s.get("kind", "text") == "text"
    ]
    snapshot = {
        "agreement": agreement.pk,
        "organisation": agreement.organisation_id,
        "period": {"id": agreement.period_id, "name": agreement.period.name},
        "leader": _person(agreement.leader),
        "superior": _person(agreement.superior),
        "unit": {"id": agreement.unit_id, "code": agreement.unit.code, "name": agreement.unit.name},
        "template": {"key": tv.template.key, "version_id": tv.pk, "number": tv.number},
        "sections": sections,
        "publication_decided": agreement.publication_decided,
        "requirements": [
            {
                "id": r.pk,
                "category": r.category_key,
                "number": r.number,
                "text": r.text,
                "binds": r.binds,
                "perspective": r.perspective,
                "goal": {"id": r.goal_id, "title": r.goal.title} if r.goal_id else None,
                "superior_requirement": (
                    {
                        "id": r.superior_requirement_id,
                        "number": r.superior_requirement.number,
                        "text": r.superior_requirement.text,
                    }
                    if r.superior_requirement_id
                    else None
                ),
                "evaluation_method": r.evaluation_method,
                "elements": list(r.elements or []),
                "public": r.public,
                "common": r.common_requirement_id is not None,
                "carried_over_from": r.carried_over_from_id,
                "indicators": [
                    {
                        "text": i.text,
                        "metric": i.metric,
                        "unit": i.unit,
                        "baseline": i.baseline,
                        "target_value": i.target_value,
                        "deadline": i.deadline,
                    }
                    for i in i_sorted(r)
                ],
            }
            for r in reqs
        ],
    }
    return normalise(snapshot)


def i_sorted(requirement: Requirement):
    return sorted(requirement.indicators.all(), key=lambda i: (i.position, i.pk))


def version_freeze(*, agreement: Agreement, snapshot: dict | None = None, reason: str = "") -> AgreementVersion:
    """Append a new version to the agreement's chain."""
    snapshot = snapshot if snapshot is not None else snapshot_of(agreement)
    last = AgreementVersion.objects.filter(agreement=agreement).order_by("-number").first()
    number = last.number + 1 if last else 1
    previous_hash = last.sha256 if last else GENESIS
    return AgreementVersion.objects.create(
        agreement=agreement,
        number=number,
        snapshot=snapshot,
        previous_hash=previous_hash,
        sha256=version_hash(number=number, previous_hash=previous_hash, snapshot=snapshot),
        reason=reason,
    )


@dataclass
class BrokenLink:
    agreement_id: int
    version_number: int
    problem: str

    def __str__(self) -> str:
        return f"agreement {self.agreement_id}, version {self.version_number}: {self.problem}"


def versions_verify(agreements=None) -> list[BrokenLink]:
    """Check every chain; return the first broken link of each broken chain."""
    qs = AgreementVersion.objects.order_by("agreement_id", "number").prefetch_related("signatures")
    if agreements is not None:
        qs = qs.filter(agreement__in=agreements)
    broken: list[BrokenLink] = []
    current, previous, expected_number, skip = None, GENESIS, 1, False
    for v in qs.iterator(chunk_size=500):
        if v.agreement_id != current:
            current, previous, expected_number, skip = v.agreement_id, GENESIS, 1, False
        if skip:
            continue
        problem = ""
        if v.number != expected_number:
            problem = f"version {expected_number} is missing"
        elif v.previous_hash != previous:
            problem = "previous_hash does not match the version before"
        elif version_hash(number=v.number, previous_hash=v.previous_hash, snapshot=v.snapshot) != v.sha256:
            problem = "the content does not match its hash"
        else:
            for sig in v.signatures.all():
                if sig.version_hash != v.sha256:
                    problem = f"signature {sig.pk} names another hash"
                    break
        if problem:
            broken.append(BrokenLink(v.agreement_id, v.number, problem))
            skip = True
            continue
        previous, expected_number = v.sha256, expected_number + 1
    return broken
