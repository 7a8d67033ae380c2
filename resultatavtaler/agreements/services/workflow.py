"""The agreement's states and every move between them (DESIGN.md §3), in one table.

    draft ──submit──▶ in_review ──both sign──▶ signed ──self_evaluate──▶ self_evaluated
      ▲  ◀──return───┘                           │        ──assess──▶ assessed ──close──▶ closed
      └──────────────renegotiate─────────────────┘
    (on renegotiation the signed version stays in force until the revision is signed)

Submit, return, sign and renegotiate have their own services here; the later moves are
driven by the evaluations app through `agreement_set_state(...)`. An illegal move raises
DomainError with a translated message and changes nothing."""

from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resultatavtaler.accounts import permissions
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError
from resultatavtaler.notifications.services import notify_agreement_published
from resultatavtaler.organisations.models import Person

from ..constants import AgreementState as S
from ..constants import CommentKind, SignatureRole
from ..models import Agreement, AgreementVersion, Comment, Signature
from ._common import (
    bump,
    check_lock_version,
    ensure_same_organisation,
    lock_agreement,
    not_found,
    notify_later,
    refuse,
    void_pending_signatures,
)
from .templates import sync_common_requirements
from .versions import snapshot_of, version_freeze


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[str]  # "leader", "superior"
    # The refusals, one whole sentence each per move: bokmål and nynorsk inflect a verb or a
    # role slotted into a shared sentence differently from move to move.
    wrong_state: str  # when the agreement is not in `source`
    wrong_role: str  # when the actor holds none of `roles`
    own_service: bool = False  # moved only by its own service, not by agreement_set_state


LEADER, SUPERIOR, BOTH = frozenset({"leader"}), frozenset({"superior"}), frozenset({"leader", "superior"})

TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        S.DRAFT, S.IN_REVIEW, LEADER,
        wrong_state=gettext_lazy("Only a draft can be submitted."),
        wrong_role=gettext_lazy("Only the leader can submit the agreement."),
        own_service=True,
    ),
    "return": Transition(
        S.IN_REVIEW, S.DRAFT, SUPERIOR,
        wrong_state=gettext_lazy("The agreement can be returned with comments only while it is in review."),
        wrong_role=gettext_lazy("Only the superior can return the agreement with comments."),
        own_service=True,
    ),
    "sign": Transition(
        S.IN_REVIEW, S.SIGNED, BOTH,
        wrong_state=gettext_lazy("The agreement can be signed only while it is in review."),
        wrong_role=gettext_lazy("Only the leader and the superior can sign the agreement."),
        own_service=True,
    ),
    "renegotiate": Transition(
        S.SIGNED, S.DRAFT, BOTH,
        wrong_state=gettext_lazy("A renegotiation can be started only while the agreement is signed."),
        wrong_role=gettext_lazy("Only the leader or the superior can start a renegotiation."),
        own_service=True,
    ),
    "self_evaluate": Transition(
        S.SIGNED, S.SELF_EVALUATED, LEADER,
        wrong_state=gettext_lazy("The self-evaluation can be submitted only while the agreement is signed."),
        wrong_role=gettext_lazy("Only the leader can submit the self-evaluation."),
    ),
    "reopen_self_evaluation": Transition(
        S.SELF_EVALUATED, S.SIGNED, BOTH,
        wrong_state=gettext_lazy("The self-evaluation can be reopened only after it has been submitted and "
                                 "before the assessment is completed."),
        wrong_role=gettext_lazy("Only the leader or the superior can reopen the self-evaluation."),
    ),
    "assess": Transition(
        S.SELF_EVALUATED, S.ASSESSED, SUPERIOR,
        wrong_state=gettext_lazy("The assessment can be completed only after the self-evaluation has been "
                                 "submitted."),
        wrong_role=gettext_lazy("Only the superior can complete the assessment."),
    ),
    "close": Transition(
        S.ASSESSED, S.CLOSED, BOTH,
        wrong_state=gettext_lazy("The agreement can be closed only after the assessment has been completed."),
        wrong_role=gettext_lazy("Only the leader or the superior can close the agreement."),
    ),
}


def roles_of(person: Person | None, agreement: Agreement) -> set[str]:
    roles = set()
    if person is not None and person.pk == agreement.leader_id:
        roles.add("leader")
    if person is not None and person.pk == agreement.superior_id:
        roles.add("superior")
    return roles


def allowed_actions(person: Person | None, agreement: Agreement) -> list[str]:
    """The moves this person may make now (for the one clear next-action button)."""
    roles = roles_of(person, agreement)
    return [name for name, t in TRANSITIONS.items() if t.source == agreement.state and roles & t.roles]


def _check_transition(ag: Agreement, action: str, actor: Person) -> Transition:
    t = TRANSITIONS.get(action)
    if t is None:
        raise DomainError(_("Unknown action."))
    if not (permissions.can_view_agreement(actor, ag) or permissions.can_view_published_parts(actor, ag)):
        raise not_found()
    if ag.state != t.source:
        now = _("The agreement's status is now “%(state)s”.") % {"state": S(ag.state).label}
        raise DomainError(f"{t.wrong_state} {now}", code="wrong_state")
    if not roles_of(actor, ag) & t.roles:
        refuse(str(t.wrong_role))
    return t


def _move(ag: Agreement, t: Transition, action: str, actor: Person, data: dict | None = None) -> None:
    before = ag.state
    ag.state = t.target
    bump(ag, "state")
    audit_record(
        action=f"agreement.{action}", actor=actor, obj=ag, data={"from": before, "to": t.target, **(data or {})}
    )


def agreement_set_state(
    *,
    agreement: Agreement,
    action: str,
    actor: Person,
    expected_lock_version: int | None = None,
    data: dict | None = None,
) -> Agreement:
    """The hook for other apps (self-evaluation, assessment, closing): one move of the
    table above, checked and audited. Returns the updated agreement."""
    ensure_same_organisation(actor, agreement)
    with transaction.atomic():
        ag = lock_agreement(agreement)
        t = _check_transition(ag, action, actor)
        if t.own_service:
            raise DomainError(_("Use the agreement's own action for this step."))
        check_lock_version(ag, expected_lock_version)
        _move(ag, t, action, actor, data)
    return ag


def agreement_submit(*, agreement: Agreement, actor: Person, expected_lock_version: int | None = None) -> Agreement:
    """The leader sends the draft to the superior (draft → in review). Refused while a rule
    of advice that the process owner made blocking fails."""
    from ..advice import blocking_failures

    ensure_same_organisation(actor, agreement)
    with transaction.atomic():
        ag = lock_agreement(agreement)
        t = _check_transition(ag, "submit", actor)
        check_lock_version(ag, expected_lock_version)
        sync_common_requirements(ag)
        failures = blocking_failures(ag)
        if failures:
            raise DomainError(
                _("The draft cannot be submitted yet: %(rules)s")
                % {"rules": " ".join(f"{r.code}: {r.message}" for r in failures)},
                code="advice_blocking",
            )
        ag.submitted_at = timezone.now()
        _move(ag, t, "submit", actor)
        ag.save(update_fields=["submitted_at"])
        notify_later(person=ag.superior, kind="agreement_submitted", template="agreement_submitted", agreement=ag)
    return ag


def agreement_return(
    *, agreement: Agreement, actor: Person, comment: str, expected_lock_version: int | None = None
) -> Agreement:
    """The superior sends the agreement back to draft with comments (in review → draft)."""
    ensure_same_organisation(actor, agreement)
    comment = (comment or "").strip()
    with transaction.atomic():
        ag = lock_agreement(agreement)
        t = _check_transition(ag, "return", actor)
        check_lock_version(ag, expected_lock_version)
        if not comment:
            raise DomainError(_("Say what should be changed before returning the agreement."))
        Comment.objects.create(agreement=ag, author=actor, text=comment, kind=CommentKind.REVIEW)
        void_pending_signatures(ag, actor)
        _move(ag, t, "return", actor, {"comment": comment})
        notify_later(
            person=ag.leader,
            kind="agreement_returned",
            template="agreement_returned",
            agreement=ag,
            context={"comment": comment},
        )
    return ag


def agreement_sign(*, agreement: Agreement, actor: Person, expected_lock_version: int | None = None) -> Signature:
    """Sign as leader or superior. The first signature freezes a version; the second
    signature on the same version hash makes it signed and in force, and (after commit) the
    unit's employees are told that the published parts can be read."""
    ensure_same_organisation(actor, agreement)
    with transaction.atomic():
        ag = lock_agreement(agreement)
        t = _check_transition(ag, "sign", actor)
        check_lock_version(ag, expected_lock_version)
        role = SignatureRole.LEADER if actor.pk == ag.leader_id else SignatureRole.SUPERIOR
        snapshot = snapshot_of(ag)
        latest = AgreementVersion.objects.filter(agreement=ag).order_by("-number").first()
        pending = (
            latest is not None
            and not latest.is_in_force
            and latest.snapshot == snapshot
            and latest.signatures.filter(voided_at__isnull=True).exists()
        )
        version = latest if pending else version_freeze(agreement=ag, snapshot=snapshot, reason=ag.renegotiation_reason)
        if version.signatures.filter(voided_at__isnull=True, role=role).exists():
            raise DomainError(_("You have already signed this version."), code="already_signed")
        signature = Signature.objects.create(
            version=version, person=actor, role=role, signed_at=timezone.now(), version_hash=version.sha256
        )
        audit_record(
            action="agreement.sign",
            actor=actor,
            obj=ag,
            data={"version": version.number, "hash": version.sha256, "role": role},
        )
        others = version.signatures.filter(voided_at__isnull=True).exclude(role=role)
        if others.exists():
            previous = ag.in_force_version
            if previous is not None:
                AgreementVersion.objects.filter(pk=previous.pk).update(is_in_force=False)
            AgreementVersion.objects.filter(pk=version.pk).update(is_in_force=True)
            ag.in_force_version = version
            ag.signed_at = timezone.now()
            ag.renegotiation_reason = ""
            ag.save(update_fields=["in_force_version", "signed_at", "renegotiation_reason"])
            _move(ag, t, "sign", actor, {"version": version.number})
            # The unit learns that the published parts can be read once the version is really
            # in force, i.e. after commit. `robust`: a failed announcement must not turn a
            # committed signature into an error page; the daily run announces what is missed.
            transaction.on_commit(partial(notify_agreement_published, agreement=ag), robust=True)
            for person in (ag.leader, ag.superior):
                notify_later(
                    person=person,
                    kind="agreement_signed",
                    template="agreement_signed",
                    agreement=ag,
                    context={"version_number": version.number, "renegotiated": previous is not None},
                )
        else:
            other = ag.superior if role == SignatureRole.LEADER else ag.leader
            notify_later(
                person=other,
                kind="agreement_sign_requested",
                template="agreement_sign_requested",
                agreement=ag,
                context={"signer_name": actor.name},
            )
    return signature


def agreement_renegotiate(
    *, agreement: Agreement, actor: Person, reason: str, expected_lock_version: int | None = None
) -> Agreement:
    """Start a new draft revision of a signed agreement; the signed version stays in force
    until both have signed the revision."""
    ensure_same_organisation(actor, agreement)
    reason = (reason or "").strip()
    with transaction.atomic():
        ag = lock_agreement(agreement)
        t = _check_transition(ag, "renegotiate", actor)
        check_lock_version(ag, expected_lock_version)
        if not reason:
            raise DomainError(_("Give the reason for the renegotiation."))
        ag.renegotiation_reason = reason
        ag.save(update_fields=["renegotiation_reason"])
        _move(ag, t, "renegotiate", actor, {"reason": reason})
        if sync_common_requirements(ag):
            bump(ag)
        other = ag.superior if actor.pk == ag.leader_id else ag.leader
        notify_later(
            person=other,
            kind="agreement_renegotiation",
            template="agreement_renegotiation",
            agreement=ag,
            context={"reason": reason, "initiator_name": actor.name},
        )
    return ag
