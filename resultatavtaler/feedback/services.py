"""What the feedback app (360-degree leadership evaluation, DESIGN.md §5) offers to others.

Question bank: `question_bank_ensure`, `bank_area_create`, `bank_statement_create`,
`bank_statement_update`, `bank_entry_set_active`, `bank_comment_question_create`.
Rounds: `round_start`, `invitation_propose`, `invitation_withdraw`, `round_submit_raters`,
`round_approve_raters`, `round_close`, `rounds_close_due`, `round_cancel`.
Answering: `answer_draft_save`, `response_submit` (the one place a Response is written).
Reminders: `reminders_send` (management command `send_feedback_reminders`).
Profile: `profile_record_view`, `profile_set_shared`.
Development plan: `development_plan_ensure`, `development_item_create`, `development_item_delete`,
`development_item_mark_used` (for the agreements app, with selectors.development_items_for).

Anonymity: a Response is written with its round and group only, in the same transaction that
marks the invitation used, and nothing links the two. When a round closes, its responses are
written anew in random order with fresh keys, so even the physical row order no longer tells
the order in which they came; the profile is computed once from them and frozen.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError, PermissionDeniedError
from resultatavtaler.lib.edit_versions import check_edit_version, edit_version
from resultatavtaler.notifications.services import notify, send_email_to_address
from resultatavtaler.organisations.models import Organisation, Person
from resultatavtaler.organisations.selectors import direct_reports, superior_of

from . import bank_data
from .constants import InvitationState, RaterGroup, RoundState
from .models import (
    AnswerDraft,
    BankArea,
    BankCommentQuestion,
    BankStatement,
    DevelopmentItem,
    DevelopmentPlan,
    FeedbackRound,
    Invitation,
    LeaderProfile,
    QuestionBank,
    Response,
)
from .profile import ResponseData, compute_profile

ACTIVE_STATES = (RoundState.PREPARING, RoundState.AWAITING_APPROVAL, RoundState.OPEN)
REMINDER_INTERVAL_DAYS = 3


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError(_("You do not have permission to do this."))


# --- Question bank ---------------------------------------------------------------------------


def question_bank_ensure(*, organisation: Organisation) -> QuestionBank:
    """The organisation's bank, created from the built-in bank the first time."""
    bank = QuestionBank.objects.filter(organisation=organisation).first()
    if bank is not None:
        return bank
    with transaction.atomic():
        # Lock the organisation so two first uses do not both copy the bank.
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        bank = QuestionBank.objects.filter(organisation=organisation).first()
        if bank is not None:
            return bank
        scale = bank_data.SCALE
        bank = QuestionBank.objects.create(
            organisation=organisation,
            scale_min=scale["min"],
            scale_max=scale["max"],
            **{f"low_label_{lang}": scale["low"][lang] for lang in ("nb", "nn", "en")},
            **{f"high_label_{lang}": scale["high"][lang] for lang in ("nb", "nn", "en")},
        )
        for a_order, area in enumerate(bank_data.AREAS, start=1):
            a = BankArea.objects.create(
                bank=bank, code=area["code"], order=a_order * 10,
                **{f"name_{lang}": area["name"][lang] for lang in ("nb", "nn", "en")},
            )
            BankStatement.objects.bulk_create(
                BankStatement(area=a, order=s_order * 10, **{f"text_{lang}": s[lang] for lang in ("nb", "nn", "en")})
                for s_order, s in enumerate(area["statements"], start=1)
            )
        BankCommentQuestion.objects.bulk_create(
            BankCommentQuestion(bank=bank, order=order * 10, **{f"text_{lang}": q[lang] for lang in ("nb", "nn", "en")})
            for order, q in enumerate(bank_data.COMMENT_QUESTIONS, start=1)
        )
        audit_record(action="feedback.bank_created", obj=bank, organisation=organisation)
    return bank


def _texts(nb: str, nn: str, en: str) -> dict[str, str]:
    texts = {"nb": (nb or "").strip(), "nn": (nn or "").strip(), "en": (en or "").strip()}
    if not all(texts.values()):
        raise DomainError(_("Write the text in bokmål, nynorsk and English."))
    return texts


def bank_area_create(*, bank: QuestionBank, actor: Person, name_nb: str, name_nn: str, name_en: str) -> BankArea:
    _require(permissions.can_manage_feedback_bank(actor) and actor.organisation_id == bank.organisation_id)
    names = _texts(name_nb, name_nn, name_en)
    with transaction.atomic():
        base = slugify(names["nb"])[:40] or "omrade"
        code, n = base, 1
        while BankArea.objects.filter(bank=bank, code=code).exists():
            n += 1
            code = f"{base}-{n}"
        last = BankArea.objects.filter(bank=bank).order_by("-order").first()
        area = BankArea.objects.create(
            bank=bank, code=code, order=(last.order + 10) if last else 10,
            **{f"name_{lang}": v for lang, v in names.items()},
        )
        audit_record(action="feedback.bank_area_created", actor=actor, obj=area, organisation=bank.organisation)
    return area


def bank_statement_create(
    *, area: BankArea, actor: Person, text_nb: str, text_nn: str, text_en: str
) -> BankStatement:
    _require(permissions.can_manage_feedback_bank(actor) and actor.organisation_id == area.bank.organisation_id)
    texts = _texts(text_nb, text_nn, text_en)
    with transaction.atomic():
        last = area.statements.order_by("-order").first()
        statement = BankStatement.objects.create(
            area=area, order=(last.order + 10) if last else 10, **{f"text_{lang}": v for lang, v in texts.items()}
        )
        audit_record(
            action="feedback.bank_statement_created", actor=actor, obj=statement, organisation=area.bank.organisation
        )
    return statement


def bank_entry_edit_version(entry: BankArea | BankStatement | BankCommentQuestion) -> str:
    """The version a question-bank form carries: its texts and whether it is in use."""
    prefix = "name" if isinstance(entry, BankArea) else "text"
    return edit_version(entry, (f"{prefix}_nb", f"{prefix}_nn", f"{prefix}_en", "is_active"))


def _check_bank_version(entry, expected_version: str | None, typed: dict | None = None) -> None:
    prefix = "name" if isinstance(entry, BankArea) else "text"
    check_edit_version(
        entry, expected_version, fields=(f"{prefix}_nb", f"{prefix}_nn", f"{prefix}_en", "is_active"),
        typed=typed,
        refusal=_("Someone else saved this entry of the question bank while you were working on it, and nothing "
                  "of yours was saved."),
        labels={f"{prefix}_nb": _("Bokmål"), f"{prefix}_nn": _("Nynorsk"), f"{prefix}_en": _("English"),
                "is_active": _("In use")},
    )


def bank_statement_update(
    *, statement: BankStatement, actor: Person, text_nb: str, text_nn: str, text_en: str,
    expected_version: str | None = None,
) -> BankStatement:
    """Change a statement's wording. Rounds already started keep the wording they froze.
    `expected_version` (`bank_entry_edit_version`) refuses a save over a newer version."""
    organisation = statement.area.bank.organisation
    _require(permissions.can_manage_feedback_bank(actor) and actor.organisation_id == organisation.pk)
    texts = _texts(text_nb, text_nn, text_en)
    with transaction.atomic():
        statement = BankStatement.objects.select_for_update().get(pk=statement.pk)
        _check_bank_version(statement, expected_version, {f"text_{lang}": v for lang, v in texts.items()})
        for lang, v in texts.items():
            setattr(statement, f"text_{lang}", v)
        statement.save(update_fields=["text_nb", "text_nn", "text_en"])
        audit_record(action="feedback.bank_statement_changed", actor=actor, obj=statement, organisation=organisation)
    return statement


def bank_comment_question_create(
    *, bank: QuestionBank, actor: Person, text_nb: str, text_nn: str, text_en: str
) -> BankCommentQuestion:
    _require(permissions.can_manage_feedback_bank(actor) and actor.organisation_id == bank.organisation_id)
    texts = _texts(text_nb, text_nn, text_en)
    with transaction.atomic():
        last = bank.comment_questions.order_by("-order").first()
        q = BankCommentQuestion.objects.create(
            bank=bank, order=(last.order + 10) if last else 10, **{f"text_{lang}": v for lang, v in texts.items()}
        )
        audit_record(action="feedback.bank_comment_question_created", actor=actor, obj=q,
                     organisation=bank.organisation)
    return q


def bank_entry_set_active(*, entry: BankArea | BankStatement | BankCommentQuestion, actor: Person, active: bool,
                          expected_version: str | None = None):
    """Take an area, statement or comment question out of use (or back). Entries are never
    deleted: rounds refer to them by key. `expected_version` (`bank_entry_edit_version`) refuses
    a change made from an older page, e.g. a second "take out of use" that would put it back."""
    bank = entry.area.bank if isinstance(entry, BankStatement) else entry.bank
    _require(permissions.can_manage_feedback_bank(actor) and actor.organisation_id == bank.organisation_id)
    with transaction.atomic():
        entry = type(entry).objects.select_for_update().get(pk=entry.pk)
        prefix = "name" if isinstance(entry, BankArea) else "text"
        seen = {f"{prefix}_{lang}": getattr(entry, f"{prefix}_{lang}") for lang in ("nb", "nn", "en")}
        _check_bank_version(entry, expected_version, seen)  # names whether it is in use now
        entry.is_active = active
        entry.save(update_fields=["is_active"])
        audit_record(
            action="feedback.bank_entry_activated" if active else "feedback.bank_entry_deactivated",
            actor=actor, obj=entry, organisation=bank.organisation,
        )
    return entry


def questionnaire_snapshot(*, bank: QuestionBank, area_codes: list[str] | None = None) -> dict:
    """The frozen copy of the questions a round uses (all three languages)."""
    areas_qs = bank.areas.filter(is_active=True).prefetch_related("statements")
    if area_codes:
        areas_qs = areas_qs.filter(code__in=area_codes)
    areas = []
    for a in areas_qs:
        statements = [
            {"key": f"s{s.pk}", "text": {"nb": s.text_nb, "nn": s.text_nn, "en": s.text_en}}
            for s in a.statements.all()
            if s.is_active
        ]
        if statements:
            areas.append(
                {"key": f"a{a.pk}", "code": a.code, "name": {"nb": a.name_nb, "nn": a.name_nn, "en": a.name_en},
                 "statements": statements}
            )
    return {
        "scale": {
            "min": bank.scale_min,
            "max": bank.scale_max,
            "low": {"nb": bank.low_label_nb, "nn": bank.low_label_nn, "en": bank.low_label_en},
            "high": {"nb": bank.high_label_nb, "nn": bank.high_label_nn, "en": bank.high_label_en},
        },
        "areas": areas,
        "comment_questions": [
            {"key": f"c{q.pk}", "text": {"nb": q.text_nb, "nn": q.text_nn, "en": q.text_en}}
            for q in bank.comment_questions.filter(is_active=True)
        ],
    }


# --- Rounds and raters ------------------------------------------------------------------------


def _language_of(person: Person | None, organisation: Organisation) -> str:
    return (person.language if person is not None else "") or organisation.default_language or "nb"


def round_start(
    *, leader: Person, actor: Person, deadline: date, area_codes: list[str] | None = None, request=None
) -> FeedbackRound:
    """Start a round: freeze the questions, invite the leader (self) and the superior, and
    propose the direct reports. The leader then adds peers and others and sends the list to
    the superior for approval."""
    if not permissions.same_organisation(actor, leader):
        raise DomainError(_("The leader belongs to another organisation."), status=404)
    _require(permissions.can_start_feedback_round(actor, leader))
    if deadline <= timezone.localdate():
        raise DomainError(_("The deadline must be a date after today."))
    bank = question_bank_ensure(organisation=leader.organisation)
    questionnaire = questionnaire_snapshot(bank=bank, area_codes=area_codes)
    if not questionnaire["areas"]:
        raise DomainError(_("Choose at least one area with statements."))
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=leader.pk)
        if FeedbackRound.objects.filter(leader=leader, state__in=ACTIVE_STATES).exists():
            raise DomainError(_("This leader already has a 360 round in progress."))
        superior = superior_of(leader)
        fr = FeedbackRound.objects.create(
            organisation=leader.organisation, leader=leader, superior=superior, started_by=actor,
            deadline=deadline, questionnaire=questionnaire,
        )
        org = leader.organisation
        Invitation.objects.create(
            round=fr, group=RaterGroup.SELF, person=leader, state=InvitationState.APPROVED,
            language=_language_of(leader, org),
        )
        if superior is not None:
            Invitation.objects.create(
                round=fr, group=RaterGroup.SUPERIOR, person=superior, state=InvitationState.APPROVED,
                language=_language_of(superior, org),
            )
        for p in direct_reports(leader).exclude(pk__in=[leader.pk, getattr(superior, "pk", 0)]):
            Invitation.objects.create(
                round=fr, group=RaterGroup.DIRECT_REPORTS, person=p, language=_language_of(p, org)
            )
        audit_record(action="feedback.round_started", actor=actor, obj=fr, request=request,
                     data={"leader": leader.pk, "deadline": deadline.isoformat()})
    return fr


def _lock_round(feedback_round: FeedbackRound) -> FeedbackRound:
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to the superior.
    return (
        FeedbackRound.objects.select_for_update(of=("self",))
        .select_related("leader", "superior", "organisation")
        .get(pk=feedback_round.pk)
    )


def invitation_propose(
    *, feedback_round: FeedbackRound, actor: Person, group: str, person: Person | None = None, email: str = ""
) -> Invitation:
    """Propose a rater: a person in the organisation, or an e-mail address for "others"."""
    _require(permissions.can_propose_feedback_raters(actor, feedback_round))
    if group not in (RaterGroup.PEERS, RaterGroup.DIRECT_REPORTS, RaterGroup.OTHERS):
        raise DomainError(_("Raters can be proposed as peers, direct reports or others."))
    email = (email or "").strip().lower()
    if person is None and not email:
        raise DomainError(_("Choose a person or write an e-mail address."))
    if person is not None and email:
        raise DomainError(_("Choose a person or write an e-mail address, not both."))
    if email and group != RaterGroup.OTHERS:
        raise DomainError(_("Raters outside the organisation can only be proposed as others."))
    with transaction.atomic():
        fr = _lock_round(feedback_round)
        if fr.state not in ACTIVE_STATES:
            raise DomainError(_("The round is closed; raters can no longer be added."))
        if person is not None:
            if person.organisation_id != fr.organisation_id or not person.is_active:
                raise DomainError(_("The person is not in this organisation."))
            if person.pk == fr.leader_id:
                raise DomainError(_("The leader answers the self-assessment and cannot be a rater as well."))
            if fr.invitations.filter(person=person).exclude(state=InvitationState.REJECTED).exists():
                raise DomainError(_("This person is already on the list of raters."))
            # A rejected proposal may be proposed again; it then needs approval once more.
            fr.invitations.filter(person=person, state=InvitationState.REJECTED).delete()
        else:
            if Person.objects.filter(organisation=fr.organisation, email__iexact=email).exists():
                raise DomainError(_("This address belongs to a person in the organisation; choose the person."))
            if fr.invitations.filter(person=None, email=email).exclude(state=InvitationState.REJECTED).exists():
                raise DomainError(_("This address is already on the list of raters."))
            fr.invitations.filter(person=None, email=email, state=InvitationState.REJECTED).delete()
        try:
            with transaction.atomic():
                inv = Invitation.objects.create(
                    round=fr, group=group, person=person, email=email if person is None else "",
                    language=_language_of(person, fr.organisation),
                )
        except IntegrityError as exc:
            raise DomainError(_("This rater is already on the list.")) from exc
        audit_record(action="feedback.rater_proposed", actor=actor, obj=fr, data={"group": group})
    return inv


def invitation_withdraw(*, invitation: Invitation, actor: Person) -> None:
    """Remove a proposed rater who has not been invited yet."""
    fr = invitation.round
    _require(permissions.can_propose_feedback_raters(actor, fr))
    with transaction.atomic():
        fr = _lock_round(fr)
        inv = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if inv.group in (RaterGroup.SELF, RaterGroup.SUPERIOR):
            raise DomainError(_("The leader and the superior are always invited."))
        if inv.sent_at is not None:
            raise DomainError(_("The invitation has been sent and can no longer be withdrawn."))
        inv.delete()
        audit_record(action="feedback.rater_withdrawn", actor=actor, obj=fr, data={"group": inv.group})


def round_submit_raters(*, feedback_round: FeedbackRound, actor: Person, request=None) -> FeedbackRound:
    """The leader sends the proposed raters to the superior for approval."""
    _require(permissions.can_propose_feedback_raters(actor, feedback_round))
    with transaction.atomic():
        fr = _lock_round(feedback_round)
        if fr.state != RoundState.PREPARING:
            raise DomainError(_("The raters have already been sent for approval."))
        fr.state = RoundState.AWAITING_APPROVAL
        fr.save(update_fields=["state"])
        audit_record(action="feedback.raters_submitted", actor=actor, obj=fr, request=request)
        approvers = [fr.superior] if fr.superior is not None else []
        url = settings.SITE_URL + reverse("feedback:approve", args=[fr.pk])
        for approver in approvers:
            notify(person=approver, kind="feedback.approve", template="feedback_approval_request",
                   context={"leader": fr.leader, "deadline": fr.deadline}, url=url)
    return fr


def _issue_token(inv: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    inv.token_hash = token_hash(token)
    return token


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _answer_url(token: str) -> str:
    return settings.SITE_URL + reverse("feedback:answer", args=[token])


def _send_invitation(inv: Invitation, fr: FeedbackRound, *, reminder: bool) -> bool:
    """Mail the rater a fresh single-use link (the previous link, if any, stops working).
    Logged-in raters also see the task on their home page."""
    address = inv.address
    if not address:
        return False
    token = _issue_token(inv)
    now = timezone.now()
    if reminder:
        inv.reminded_at = now
    else:
        inv.sent_at = now
    inv.save(update_fields=["token_hash", "reminded_at" if reminder else "sent_at"])
    context = {
        "leader_name": fr.leader.name,
        "organisation_name": fr.organisation.name,
        "group": RaterGroup(inv.group).label,
        "is_self": inv.group == RaterGroup.SELF,
        "deadline": fr.deadline,
        "url": _answer_url(token),
        "min_group": fr.organisation.min_group_responses,
    }
    send_email_to_address(
        address=address, template="feedback_reminder" if reminder else "feedback_invitation",
        context=context, language=inv.language or fr.organisation.default_language or "nb",
    )
    return True


def round_approve_raters(
    *, feedback_round: FeedbackRound, actor: Person, rejected_ids: list[int] | None = None, request=None
) -> FeedbackRound:
    """The superior approves the proposed raters (except those rejected); the round opens and
    every approved rater who has not been invited yet gets the e-mail with the link."""
    _require(permissions.can_approve_feedback_raters(actor, feedback_round))
    rejected = set(rejected_ids or [])
    with transaction.atomic():
        fr = _lock_round(feedback_round)
        if fr.state not in (RoundState.AWAITING_APPROVAL, RoundState.OPEN):
            raise DomainError(_("There are no raters waiting for approval in this round."))
        if fr.deadline < timezone.localdate():
            raise DomainError(_("The deadline has passed; the round can no longer be opened."))
        pending = list(fr.invitations.select_for_update().filter(state=InvitationState.PROPOSED))
        for inv in pending:
            inv.state = InvitationState.REJECTED if inv.pk in rejected else InvitationState.APPROVED
        Invitation.objects.bulk_update(pending, ["state"])
        if fr.state != RoundState.OPEN:
            fr.state = RoundState.OPEN
            fr.opened_at = timezone.now()
            fr.save(update_fields=["state", "opened_at"])
        to_send = list(
            fr.invitations.select_related("person").filter(state=InvitationState.APPROVED, sent_at=None)
        )
        sent = sum(_send_invitation(inv, fr, reminder=False) for inv in to_send)
        for inv in to_send:
            if inv.person_id and inv.person.user_id:
                notify(
                    person=inv.person, kind="feedback.invitation", template="feedback_invitation_inapp",
                    context={"leader_name": fr.leader.name, "deadline": fr.deadline,
                             "is_self": inv.group == RaterGroup.SELF},
                    url=reverse("feedback:answer_invitation", args=[inv.pk]), email=False,
                )
        audit_record(
            action="feedback.raters_approved", actor=actor, obj=fr, request=request,
            data={"approved": len(pending) - len(rejected & {i.pk for i in pending}),
                  "rejected": len(rejected & {i.pk for i in pending}), "invited": sent},
        )
    return fr


def round_cancel(*, feedback_round: FeedbackRound, actor: Person, request=None) -> FeedbackRound:
    """Stop a round before it closes; answers given so far are deleted, no profile is made."""
    _require(permissions.can_close_feedback_round(actor, feedback_round))
    with transaction.atomic():
        fr = _lock_round(feedback_round)
        if fr.state not in ACTIVE_STATES:
            raise DomainError(_("Only a round in progress can be cancelled."))
        Response.objects.filter(round=fr).delete()
        AnswerDraft.objects.filter(invitation__round=fr).delete()
        fr.state = RoundState.CANCELLED
        fr.closed_at = timezone.now()
        fr.save(update_fields=["state", "closed_at"])
        audit_record(action="feedback.round_cancelled", actor=actor, obj=fr, request=request)
    return fr


# --- Answering --------------------------------------------------------------------------------


class InvitationStatus:
    OK = "ok"
    USED = "used"
    EXPIRED = "expired"
    NOT_OPEN = "not_open"


def invitation_status(inv: Invitation, *, today: date | None = None) -> str:
    today = today or timezone.localdate()
    fr = inv.round
    if inv.used_at is not None:
        return InvitationStatus.USED
    if fr.state in (RoundState.CLOSED, RoundState.CANCELLED) or fr.deadline < today:
        return InvitationStatus.EXPIRED
    if fr.state != RoundState.OPEN or inv.state != InvitationState.APPROVED:
        return InvitationStatus.NOT_OPEN
    return InvitationStatus.OK


def _refusal(status: str) -> DomainError:
    if status == InvitationStatus.USED:
        return DomainError(_("You have already answered. Thank you! Each link can be used once."),
                           code="used", status=410)
    if status == InvitationStatus.EXPIRED:
        return DomainError(
            _("The round is closed or its deadline has passed, so answers are no longer accepted."),
            code="expired", status=410,
        )
    return DomainError(_("This invitation is not open for answers."), code="not_open", status=403)


def clean_answers(questionnaire: dict, raw: dict) -> dict[str, int | None]:
    """Keep only statement keys of the questionnaire and values on its scale (or None)."""
    scale = questionnaire["scale"]
    keys = {s["key"] for a in questionnaire["areas"] for s in a["statements"]}
    out: dict[str, int | None] = {}
    for k, v in raw.items():
        if k not in keys:
            continue
        if v is None or v == "na":
            out[k] = None
            continue
        try:
            n = int(v)
        except (TypeError, ValueError):
            continue
        if scale["min"] <= n <= scale["max"]:
            out[k] = n
    return out


MAX_COMMENT_LENGTH = 4000


def clean_comments(questionnaire: dict, raw: dict) -> dict[str, str]:
    keys = {q["key"] for q in questionnaire.get("comment_questions", [])}
    return {k: str(v).strip()[:MAX_COMMENT_LENGTH] for k, v in raw.items() if k in keys}


def answer_draft_save(*, invitation: Invitation, answers: dict, comments: dict) -> AnswerDraft:
    """Store answers in progress for the next screen; refused once the invitation is spent."""
    with transaction.atomic():
        inv = Invitation.objects.select_for_update().select_related("round").get(pk=invitation.pk)
        status = invitation_status(inv)
        if status != InvitationStatus.OK:
            raise _refusal(status)
        q = inv.round.questionnaire
        draft, _created = AnswerDraft.objects.get_or_create(invitation=inv)
        draft.answers = {**draft.answers, **clean_answers(q, answers)}
        draft.comments = {**draft.comments, **clean_comments(q, comments)}
        draft.save()
    return draft


def response_submit(*, invitation: Invitation) -> None:
    """Turn the draft into an anonymous Response and spend the invitation, in one transaction.
    The Response gets the round and group only; it is not returned, so nothing downstream can
    tie it to the invitation."""
    with transaction.atomic():
        fr = FeedbackRound.objects.select_for_update().get(pk=invitation.round_id)
        inv = Invitation.objects.select_for_update().select_related("round").get(pk=invitation.pk)
        inv.round = fr
        status = invitation_status(inv)
        if status != InvitationStatus.OK:
            raise _refusal(status)
        draft = AnswerDraft.objects.filter(invitation=inv).first()
        answers = clean_answers(fr.questionnaire, draft.answers if draft else {})
        comments = clean_comments(fr.questionnaire, draft.comments if draft else {})
        # Unanswered statements count as "cannot assess".
        for _area_key, key in ((a["key"], s["key"]) for a in fr.questionnaire["areas"] for s in a["statements"]):
            answers.setdefault(key, None)
        Response.objects.create(round=fr, group=inv.group, answers=answers,
                                comments={k: v for k, v in comments.items() if v})
        if draft is not None:
            draft.delete()
        # The hash stays, so that the spent link answers "already answered" rather than "unknown".
        inv.used_at = timezone.now()
        inv.save(update_fields=["used_at"])


# --- Closing and the profile ------------------------------------------------------------------


def round_close(*, feedback_round: FeedbackRound, actor: Person | None = None, rng: random.Random | None = None,
                request=None) -> LeaderProfile:
    """Close the round and freeze the profile. `actor` None is the system (deadline passed).
    `rng` shuffles comments and row order (a system random source unless given)."""
    if actor is not None:
        _require(permissions.can_close_feedback_round(actor, feedback_round))
    rng = rng or random.SystemRandom()
    with transaction.atomic():
        fr = _lock_round(feedback_round)
        if fr.state != RoundState.OPEN:
            raise DomainError(_("Only an open round can be closed."))
        org = fr.organisation
        AnswerDraft.objects.filter(invitation__round=fr).delete()
        rows = list(Response.objects.filter(round=fr).values_list("group", "answers", "comments"))
        data = compute_profile(
            questionnaire=fr.questionnaire,
            responses=[ResponseData(group=g, answers=a, comments=c) for g, a, c in rows],
            min_group=org.min_group_responses,
            min_total=org.min_total_responses,
            rng=rng,
        )
        # Write the responses anew in random order with fresh keys: the physical order of rows
        # no longer follows the order of submission.
        rng.shuffle(rows)
        Response.objects.filter(round=fr).delete()
        Response.objects.bulk_create(Response(round=fr, group=g, answers=a, comments=c) for g, a, c in rows)
        fr.state = RoundState.CLOSED
        fr.closed_at = timezone.now()
        fr.save(update_fields=["state", "closed_at"])
        profile = LeaderProfile.objects.create(round=fr, organisation=org, leader=fr.leader, data=data)
        audit_record(action="feedback.round_closed", actor=actor, obj=fr, organisation=org, request=request,
                     data={"responses": len(rows)})
        notify(person=fr.leader, kind="feedback.profile_ready", template="feedback_profile_ready",
               context={"deadline": fr.deadline}, url=settings.SITE_URL + reverse("feedback:profile", args=[fr.pk]))
    return profile


def rounds_close_due(*, today: date | None = None) -> int:
    """Close every open round whose deadline has passed (run daily)."""
    today = today or timezone.localdate()
    closed = 0
    for fr in FeedbackRound.objects.filter(state=RoundState.OPEN, deadline__lt=today):
        try:
            round_close(feedback_round=fr)
            closed += 1
        except DomainError:
            continue
    return closed


def reminders_send(*, today: date | None = None) -> int:
    """Remind raters who have not answered an open round, at most every few days. Only the
    rater is told; nobody else learns who answered. Each reminder carries a fresh link."""
    today = today or timezone.localdate()
    now = timezone.now()
    quiet_since = now - timedelta(days=REMINDER_INTERVAL_DAYS)
    sent = 0
    for fr in FeedbackRound.objects.filter(state=RoundState.OPEN, deadline__gte=today).select_related(
        "leader", "organisation"
    ):
        with transaction.atomic():
            due = list(
                Invitation.objects.select_for_update(of=("self",))
                .select_related("person")
                .filter(round=fr, state=InvitationState.APPROVED, used_at=None, sent_at__lte=quiet_since)
                .exclude(reminded_at__gt=quiet_since)
            )
            n = sum(_send_invitation(inv, fr, reminder=True) for inv in due)
            if n:
                audit_record(action="feedback.reminders_sent", obj=fr, data={"count": n})
            sent += n
    return sent


def profile_record_view(*, profile: LeaderProfile, actor: Person, request=None, fmt: str = "html") -> None:
    """Reading a profile is an audit event (DESIGN.md §6)."""
    _require(permissions.can_view_leader_profile(actor, profile))
    audit_record(action="feedback.profile_viewed", actor=actor, obj=profile, request=request, data={"format": fmt})


def profile_set_shared(*, profile: LeaderProfile, actor: Person, shared: bool, request=None) -> LeaderProfile:
    """The leader decides whether the superior may see the profile."""
    _require(permissions.can_share_leader_profile(actor, profile))
    with transaction.atomic():
        p = LeaderProfile.objects.select_for_update(of=("self",)).select_related("round__superior").get(pk=profile.pk)
        if p.shared_with_superior == shared:
            return p
        p.shared_with_superior = shared
        p.shared_changed_at = timezone.now()
        p.save(update_fields=["shared_with_superior", "shared_changed_at"])
        audit_record(action="feedback.profile_shared" if shared else "feedback.profile_unshared",
                     actor=actor, obj=p, request=request)
        if shared and p.round.superior is not None:
            notify(person=p.round.superior, kind="feedback.profile_shared", template="feedback_profile_shared",
                   context={"leader_name": p.leader.name},
                   url=settings.SITE_URL + reverse("feedback:profile", args=[p.round_id]))
    return p


# --- Development plan -------------------------------------------------------------------------


def development_plan_ensure(*, feedback_round: FeedbackRound) -> DevelopmentPlan:
    plan, _created = DevelopmentPlan.objects.get_or_create(
        round=feedback_round,
        defaults={"organisation_id": feedback_round.organisation_id, "leader_id": feedback_round.leader_id},
    )
    return plan


def development_item_create(
    *, feedback_round: FeedbackRound, actor: Person, goal: str, actions: str = "", support: str = "",
    deadline: date | None = None, area_code: str = "", request=None,
) -> DevelopmentItem:
    _require(permissions.can_edit_development_plan(actor, feedback_round))
    if feedback_round.state != RoundState.CLOSED:
        raise DomainError(_("The development plan is made once the round is closed and the profile is ready."))
    if not (goal or "").strip():
        raise DomainError(_("Write the development goal."))
    with transaction.atomic():
        plan = development_plan_ensure(feedback_round=feedback_round)
        item = DevelopmentItem.objects.create(
            plan=plan, goal=goal.strip(), actions=actions.strip(), support=support.strip(), deadline=deadline,
            area_code=area_code, created_by=actor,
        )
        audit_record(action="feedback.development_item_created", actor=actor, obj=plan, request=request,
                     organisation=feedback_round.organisation)
    return item


def development_item_delete(*, item: DevelopmentItem, actor: Person, request=None) -> None:
    fr = item.plan.round
    _require(permissions.can_edit_development_plan(actor, fr))
    with transaction.atomic():
        item = DevelopmentItem.objects.select_for_update().get(pk=item.pk)
        if item.used_at is not None:
            raise DomainError(_("This item is already a requirement in an agreement and cannot be deleted."))
        plan = item.plan
        item.delete()
        audit_record(action="feedback.development_item_deleted", actor=actor, obj=plan, request=request,
                     organisation=fr.organisation)


def development_item_mark_used(
    *, item: DevelopmentItem, actor: Person | None = None, reference: str = ""
) -> DevelopmentItem:
    """Called by the agreements app when an item becomes a "personlige utviklingsmål"
    requirement; `reference` names what it became (e.g. "agreements.requirement:42")."""
    if actor is not None and actor.organisation_id != item.plan.organisation_id:
        raise DomainError(_("The item belongs to another organisation."), status=404)
    with transaction.atomic():
        item = DevelopmentItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
        if item.used_at is not None:
            raise DomainError(_("This development item has already been used in an agreement."))
        item.used_at = timezone.now()
        item.used_reference = reference[:200]
        item.save(update_fields=["used_at", "used_reference"])
        audit_record(action="feedback.development_item_used", actor=actor, obj=item.plan,
                     organisation=item.plan.organisation, data={"item": item.pk, "reference": reference[:200]})
    return item

