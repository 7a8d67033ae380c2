"""Input requests (innhenting av synspunkter): the leader or the superior asks the unit's
employees and named others for a short evaluation of the agreement's requirements.

Anonymity (DESIGN.md §5): an answer is written with its request and group only, in the same
transaction that spends the invitation, and nothing links the two (no foreign key, no time,
a random key). Results exist only after closing: computed once by `aggregate`, frozen, and the
answers are rewritten in random order. Answers after the deadline or the closing are refused.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError
from resultatavtaler.notifications.services import send_email_to_address
from resultatavtaler.organisations.models import Person

from ..aggregate import AnswerData, aggregate
from ..constants import INPUT_GROUP_ORDER, InputGroup, InputRequestState
from ..models import InputAnswer, InputInvitation, InputRequest
from ..scales import scale_for
from ._common import ensure_same_organisation, not_found, notify_about, require

MAX_COMMENT = 2000


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _answer_url(token: str) -> str:
    return settings.SITE_URL + reverse("evaluations:answer", args=[token])


def unit_employees(agreement) -> list[Person]:
    """The active members of the agreement's unit and the units below it, the leader excepted."""
    return list(
        Person.objects.filter(organisation_id=agreement.organisation_id, is_active=True,
                              unit__path__startswith=agreement.unit.path)
        .exclude(pk=agreement.leader_id)
        .order_by("name")
    )


def _form_of(agreement) -> dict:
    version = agreement.in_force_version
    reqs = version.snapshot.get("requirements", []) if version else []
    return {
        "requirements": [{"id": r["id"], "number": r.get("number", ""), "text": r.get("text", "")} for r in reqs],
        "scale": scale_for(agreement),
    }


def input_request_create(
    *,
    agreement,
    actor: Person,
    deadline: datetime.date,
    intro: str = "",
    include_employees: bool = True,
    union_representatives: list[Person] | None = None,
    leaders: list[Person] | None = None,
    others: list[Person] | None = None,
    other_emails: list[str] | None = None,
    request=None,
) -> InputRequest:
    """Create the request and mail every recipient a single-use link. A person is asked once,
    in the first group that names them (union representatives, leaders, others, employees)."""
    ensure_same_organisation(actor, agreement)
    if not permissions.can_view_agreement(actor, agreement):
        raise not_found()
    require(permissions.can_send_input_request(actor, agreement),
            _("Only the leader or the superior can ask for input on a signed agreement."))
    today = timezone.localdate()
    if deadline is None or deadline < today:
        raise DomainError(_("The deadline cannot be in the past."))
    form = _form_of(agreement)
    if not form["requirements"]:
        raise DomainError(_("The agreement has no requirements to ask about."))
    org = agreement.organisation
    recipients: list[tuple[str, Person | None, str]] = []
    seen_people: set[int] = {agreement.leader_id}
    seen_emails: set[str] = set()
    for group, people in ((InputGroup.UNION, union_representatives), (InputGroup.LEADERS, leaders),
                          (InputGroup.OTHERS, others),
                          (InputGroup.EMPLOYEES, unit_employees(agreement) if include_employees else [])):
        for p in people or []:
            if p.organisation_id != org.pk:
                raise DomainError(_("Everyone asked by name must belong to the organisation."))
            if p.pk in seen_people:
                continue
            seen_people.add(p.pk)
            if p.email:
                seen_emails.add(p.email.lower())
            recipients.append((group, p, ""))
    for raw in other_emails or []:
        email = raw.strip()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(_("%(email)s is not a valid e-mail address.") % {"email": email}) from None
        if email.lower() in seen_emails:
            continue
        seen_emails.add(email.lower())
        recipients.append((InputGroup.OTHERS, None, email))
    if len(recipients) < org.min_total_responses:
        raise DomainError(
            _("Ask at least %(n)d people: answers are shown only when at least %(n)d have answered.")
            % {"n": org.min_total_responses}
        )
    order = [x.value for x in INPUT_GROUP_ORDER]
    form["groups"] = sorted({g for g, _p, _e in recipients}, key=order.index)
    with transaction.atomic():
        ir = InputRequest.objects.create(organisation=org, agreement=agreement, created_by=actor,
                                         intro=(intro or "").strip()[:4000], deadline=deadline, form=form)
        sent = 0
        for group, person, email in recipients:
            inv = InputInvitation.objects.create(
                request=ir, group=group, person=person, email=email,
                language=(person.language if person else "") or org.default_language or "nb",
            )
            sent += _send(inv, ir)
        audit_record(action="evaluation.input_request_created", actor=actor, obj=agreement, request=request,
                     data={"input_request": ir.pk, "deadline": deadline.isoformat(),
                           "invited": {g: sum(1 for r in recipients if r[0] == g) for g in form["groups"]},
                           "mailed": sent})
    return ir


def _send(inv: InputInvitation, ir: InputRequest, *, reminder: bool = False) -> int:
    """Mail a fresh single-use link. Only the link's hash is stored, so a reminder cannot repeat
    the earlier link: it carries a new one, and the earlier one stops working (as the 360's)."""
    address = inv.address
    if not address:
        return 0  # a person without e-mail answers from the home page
    token = secrets.token_urlsafe(32)
    inv.token_hash = token_hash(token)
    inv.save(update_fields=["token_hash"])
    ag = ir.agreement
    send_email_to_address(
        address=address, template="evaluation_input_reminder" if reminder else "evaluation_input_request",
        language=inv.language or "nb",
        context={"leader_name": ag.leader.name, "unit_name": ag.unit.name, "asker_name": ir.created_by.name,
                 "organisation_name": ir.organisation.name, "deadline": ir.deadline, "intro": ir.intro,
                 "url": _answer_url(token), "min_group": ir.organisation.min_group_responses},
    )
    return 1


# --- reminding those asked by link ---------------------------------------------------------
# Named others without an account answer only through their link; logged-in people are
# reminded in the product (notifications.reminders). A reminder goes to every link-only
# invitation not answered yet; the sender learns no more than the answer count the request's
# page shows anyway — never who, nor how many of those asked by link are still missing.

REMINDER_INTERVAL_DAYS = 3  # as the 360's reminders (feedback.services)
AUTO_REMIND_DAYS = 3  # the daily run reminds once within this many days of the deadline


def _link_only_unanswered(ir: InputRequest):
    return (
        InputInvitation.objects.select_for_update(of=("self",))
        .filter(request=ir, answered=False)
        .filter(Q(person__isnull=True) | Q(person__user__isnull=True))
        .select_related("person")
    )


def input_request_reminder_blocked(ir: InputRequest, *, today: datetime.date | None = None) -> str:
    """Why no reminder can be sent now ("" when one can): the request is closed, its deadline
    has passed, or the last reminder is too recent."""
    today = today or timezone.localdate()
    if ir.state != InputRequestState.OPEN or ir.deadline < today:
        return _("Reminders can be sent only while the input request is open and before its deadline.")
    if ir.reminded_at is not None:
        next_day = timezone.localdate(ir.reminded_at) + datetime.timedelta(days=REMINDER_INTERVAL_DAYS)
        if today < next_day:
            return _("A reminder was sent on %(sent)s. The next one can be sent from %(next)s.") % {
                "sent": date_format(timezone.localdate(ir.reminded_at), "SHORT_DATE_FORMAT"),
                "next": date_format(next_day, "SHORT_DATE_FORMAT"),
            }
    return ""


def input_request_remind(*, input_request: InputRequest, actor: Person | None = None,
                         today: datetime.date | None = None, request=None) -> int:
    """Send a reminder with a fresh single-use link to everyone asked by link only (no login)
    who has not answered. `actor` None is the daily run. Returns how many were reminded, for the
    daily run's totals; the sender's page does not show it (with few asked by link, the number
    would tell who has answered)."""
    today = today or timezone.localdate()
    if actor is not None:
        ensure_same_organisation(actor, input_request.agreement)
        require(permissions.can_manage_input_request(actor, input_request),
                _("Only the one who sent the request, the leader or the superior can send reminders."))
    with transaction.atomic():
        ir = InputRequest.objects.select_for_update().select_related(
            "organisation", "agreement__leader", "agreement__unit", "created_by").get(pk=input_request.pk)
        blocked = input_request_reminder_blocked(ir, today=today)
        if blocked:
            raise DomainError(blocked, code="not_now")
        sent = sum(_send(inv, ir, reminder=True) for inv in _link_only_unanswered(ir))
        now = timezone.now()
        # The daily run may act for another day (--today): the cadence follows that day.
        ir.reminded_at = now if today == timezone.localdate(now) else timezone.make_aware(
            datetime.datetime.combine(today, timezone.localtime(now).time()))
        ir.save(update_fields=["reminded_at"])
        # No count in the log either: with few asked by link, a count would tell who answered.
        audit_record(action="evaluation.input_request_reminded", actor=actor, obj=ir.agreement,
                     organisation=ir.organisation, request=request, data={"input_request": ir.pk})
    return sent


def input_requests_remind_due(*, today: datetime.date | None = None, organisation=None) -> int:
    """The daily run: remind the link-only invitees of every open request whose deadline is
    within AUTO_REMIND_DAYS, unless a reminder went out within REMINDER_INTERVAL_DAYS."""
    today = today or timezone.localdate()
    due = InputRequest.objects.filter(
        state=InputRequestState.OPEN, deadline__gte=today,
        deadline__lte=today + datetime.timedelta(days=AUTO_REMIND_DAYS),
    )
    if organisation is not None:
        due = due.filter(organisation=organisation)
    sent = 0
    for ir in due:
        if input_request_reminder_blocked(ir, today=today):
            continue
        try:
            sent += input_request_remind(input_request=ir, today=today)
        except DomainError:
            continue
    return sent


# --- answering -----------------------------------------------------------------------------


class Status:
    OK = "ok"
    USED = "used"
    LATE = "late"


def invitation_status(inv: InputInvitation, *, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    ir = inv.request
    if inv.answered:
        return Status.USED
    if ir.state != InputRequestState.OPEN or ir.deadline < today:
        return Status.LATE
    return Status.OK


def refusal(status: str) -> DomainError:
    if status == Status.USED:
        return DomainError(_("You have already answered. Thank you! Each link can be used once."),
                           code="used", status=410)
    return DomainError(
        _("The deadline for this input request has passed or it has been closed, so answers are no longer "
          "accepted. Nothing was saved."),
        code="late", status=410,
    )


def clean_answer(form: dict, ratings: dict, comments: dict) -> tuple[dict, dict]:
    values = {lv["value"] for lv in form.get("scale", [])}
    keys = [str(r["id"]) for r in form.get("requirements", [])]
    out_r, out_c = {}, {}
    for k in keys:
        raw = ratings.get(k)
        if raw in (None, "", "na"):
            out_r[k] = None
        else:
            try:
                v = int(raw)
            except (TypeError, ValueError):
                raise DomainError(_("Choose a level of the scale or “cannot say”.")) from None
            if v not in values:
                raise DomainError(_("Choose a level of the scale or “cannot say”."))
            out_r[k] = v
        text = str(comments.get(k) or "").strip()[:MAX_COMMENT]
        if text:
            out_c[k] = text
    return out_r, out_c


def input_answer_submit(*, invitation: InputInvitation, ratings: dict, comments: dict, comment: str = "") -> None:
    """Write the anonymous answer and spend the invitation in one transaction. Nothing is
    returned, so nothing downstream can tie the answer to the invitation."""
    with transaction.atomic():
        ir = InputRequest.objects.select_for_update().get(pk=invitation.request_id)
        inv = InputInvitation.objects.select_for_update().get(pk=invitation.pk)
        inv.request = ir
        status = invitation_status(inv)
        if status != Status.OK:
            raise refusal(status)
        clean_r, clean_c = clean_answer(ir.form, ratings, comments)
        InputAnswer.objects.create(request=ir, group=inv.group, ratings=clean_r, comments=clean_c,
                                   comment=(comment or "").strip()[:MAX_COMMENT])
        # The token's hash stays, so a second use of the link meets "you have already answered"
        # rather than a bare "not found"; `answered` is what makes the link single-use.
        inv.answered = True
        inv.save(update_fields=["answered"])


# --- closing -------------------------------------------------------------------------------


def input_request_close(*, input_request: InputRequest, actor: Person | None = None,
                        rng: random.Random | None = None, request=None) -> InputRequest:
    """Close and freeze the results. `actor` None is the system (the deadline has passed)."""
    ag = input_request.agreement
    if actor is not None:
        ensure_same_organisation(actor, ag)
        require(permissions.can_manage_input_request(actor, input_request),
                _("Only the one who sent the request, the leader or the superior can close it."))
    rng = rng or random.SystemRandom()
    with transaction.atomic():
        ir = InputRequest.objects.select_for_update().select_related("organisation", "agreement").get(
            pk=input_request.pk)
        if ir.state != InputRequestState.OPEN:
            raise DomainError(_("Only an open input request can be closed."))
        org = ir.organisation
        rows = list(InputAnswer.objects.filter(request=ir).values_list("group", "ratings", "comments", "comment"))
        ir.results = aggregate(
            form=ir.form,
            answers=[AnswerData(group=g, ratings=r, comments=c, comment=t) for g, r, c, t in rows],
            min_group=org.min_group_responses, min_total=org.min_total_responses, rng=rng,
        )
        # Rewrite the answers in random order with fresh keys: row order no longer tells
        # the order of answering.
        rng.shuffle(rows)
        InputAnswer.objects.filter(request=ir).delete()
        InputAnswer.objects.bulk_create(
            InputAnswer(request=ir, group=g, ratings=r, comments=c, comment=t) for g, r, c, t in rows
        )
        ir.state = InputRequestState.CLOSED
        ir.closed_at = timezone.now()
        ir.save(update_fields=["results", "state", "closed_at"])
        audit_record(action="evaluation.input_request_closed", actor=actor, obj=ag, organisation=org,
                     request=request, data={"input_request": ir.pk, "answers": len(rows)})
        url = settings.SITE_URL + reverse("evaluations:input_request", args=[ir.pk])
        for person in {ir.created_by, ag.leader, ag.superior}:
            notify_about(person=person, agreement=ag, kind="evaluation.input_results", url=url,
                         template="evaluation_input_results", context={"deadline": ir.deadline})
    return ir


def input_requests_close_due(*, today: datetime.date | None = None) -> int:
    """Close every open request whose deadline has passed (run daily: close_input_requests)."""
    today = today or timezone.localdate()
    closed = 0
    for ir in InputRequest.objects.filter(state=InputRequestState.OPEN, deadline__lt=today).select_related(
        "agreement__leader", "agreement__superior", "agreement__period", "created_by"
    ):
        try:
            input_request_close(input_request=ir)
            closed += 1
        except DomainError:
            continue
    return closed


def input_results_record_view(*, input_request: InputRequest, actor: Person, request=None, fmt: str = "html") -> None:
    require(permissions.can_view_input_results(actor, input_request))
    audit_record(action="evaluation.input_results_viewed", actor=actor, obj=input_request.agreement, request=request,
                 data={"input_request": input_request.pk, "format": fmt})
