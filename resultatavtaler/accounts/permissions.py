"""The one permissions policy (CONVENTIONS.md): every view and API endpoint asks here, and
nothing re-derives a right inline.

Shape — follow it when you add your domain:

* Functions are named ``can_<verb>_<thing>(person, thing=None) -> bool`` (or ``is_<role>``).
  The first argument is always the acting ``Person`` (``request.person``), which may be
  ``None`` (a login without a person, or a person who has left): every function answers
  ``False`` for ``None``. ``request.person`` is only ever an *active* person
  (accounts.middleware.PersonMiddleware), so functions need not re-check ``is_active``.
* A function answers one question and never raises. Views turn ``False`` into 403
  (``raise PermissionDenied``); services turn it into ``PermissionDeniedError`` with a
  translated message.
* Organisation isolation comes first and is not a right: another organisation's object
  does not exist for the person and answers 404. Views load objects with
  ``get_object_for_person_or_404(Model_or_queryset, person, pk=...)`` and only then ask
  ``can_...``. Every ``can_...`` that takes an object also answers ``False`` for another
  organisation's object (``same_organisation``), so a function is safe on its own.
* Roles follow the unit tree (leader, superior, upper chain, employee: organisations.selectors);
  only process owner, admin and pay are explicit ``RoleGrant`` rows, organisation-wide or
  for a unit subtree (``has_role``).
* The platform superuser (Django ``is_superuser``) is a technical role for ``django-admin/``
  only; it gives no right inside an organisation (``can_use_django_admin``).

Domain apps add their functions here, additively and grouped under a heading comment, e.g.::

    # --- agreements -------------------------------------------------------------
    def can_view_agreement(person, agreement) -> bool:
        if not same_organisation(person, agreement):
            return False
        return person.pk in (agreement.leader_id, agreement.superior_id) or ...
"""

from django.db.models import CharField, Model, QuerySet, Value
from django.http import Http404
from django.shortcuts import get_object_or_404

from resultatavtaler.accounts.permission_memo import remember
from resultatavtaler.lib.compiled import CompiledRows
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.models import Organisation, Person, RoleGrant, Unit

# --- organisation isolation ---------------------------------------------------------


def same_organisation(person: Person | None, obj) -> bool:
    """True when `obj` (anything with `organisation_id`, or an Organisation) belongs to the
    person's organisation."""
    if person is None or obj is None:
        return False
    org_id = obj.pk if isinstance(obj, Organisation) else getattr(obj, "organisation_id", None)
    return org_id is not None and org_id == person.organisation_id


def ensure_same_organisation(person: Person | None, obj) -> None:
    """Another organisation's object does not exist for this person: 404, never 403."""
    if not same_organisation(person, obj):
        raise Http404


def get_object_for_person_or_404(queryset_or_model: type[Model] | QuerySet, person: Person | None, **lookup):
    """Load one object of the person's own organisation, or answer 404.

    The lookup is scoped to the organisation *in the query*, so another organisation's
    object is indistinguishable from a missing one (no 403 that would confirm it exists).
    The model must have an ``organisation`` foreign key (every tenant record does).
    """
    if person is None:
        raise Http404
    if isinstance(queryset_or_model, QuerySet):
        queryset = queryset_or_model
    else:
        queryset = queryset_or_model._default_manager.all()
    return get_object_or_404(queryset.filter(organisation_id=person.organisation_id), **lookup)


# --- explicit roles ----------------------------------------------------------------


# Marks the led units' rows in the reader's statement below; no role is called this.
_LED = "(leads)"
assert _LED not in GrantedRole.values


def _reader_statement(organisation_id: int, person_id: int):
    grants = RoleGrant.objects.filter(organisation_id=organisation_id, person_id=person_id).values_list(
        "role", "unit_id", "unit__path"
    )
    led = (
        Unit.objects.filter(organisation_id=organisation_id, leader_id=person_id)
        .annotate(mark=Value(_LED, output_field=CharField()))
        .values_list("mark", "pk", "path")
    )
    return grants.order_by().union(led.order_by(), all=True)


# Compiled once per connection: every request runs it, and building it cost more than running it
# (docs/performance.md §31).
_READER = CompiledRows(_reader_statement, int, int)


def _reader(person: Person) -> tuple[list[tuple[str, int | None, str | None]], list[str]]:
    """The person's role grants as (role, unit id, unit path) and the paths of the units they
    lead, read together once per request (`permission_memo`): the menu asks on every page
    whether the reader sees the overview (a process owner or a leader), so nearly every page
    needs both, and one statement is one round trip instead of two."""

    def read():
        rows = _READER.rows(person.organisation_id, person.pk)
        return [r for r in rows if r[0] != _LED], sorted(r[2] for r in rows if r[0] == _LED)

    return remember(("reader", person.pk, person.organisation_id), read)


def _grants(person: Person, role: str) -> list[tuple[str, int | None, str | None]]:
    """The person's grants of one role as (role, unit id, unit path)."""
    return [g for g in _reader(person)[0] if g[0] == role]


def _led_unit_paths(person: Person) -> list[str]:
    """Paths of the units the person leads."""
    return _reader(person)[1]


def led_unit_paths(person: Person | None) -> list[str]:
    """Paths of the units the person leads (memoised per request)."""
    return [] if person is None else list(_led_unit_paths(person))


def role_scopes(person: Person | None, role: str) -> list[str | None]:
    """The subtrees (unit paths) for which the person holds the role; None stands for the
    whole organisation (memoised per request)."""
    if person is None:
        return []
    return [unit_path if unit_id is not None else None for _role, unit_id, unit_path in _grants(person, role)]


def has_role(person: Person | None, role: str, unit: Unit | None = None) -> bool:
    """True when the person holds the role for the whole organisation or, with `unit`,
    for a subtree that contains that unit. Without `unit` only an organisation-wide grant
    counts."""
    if person is None:
        return False
    if unit is not None and unit.organisation_id != person.organisation_id:
        return False
    for _role, unit_id, unit_path in _grants(person, role):
        if unit_id is None:
            return True
        if unit is not None and unit.path.startswith(unit_path):
            return True
    return False


def is_process_owner(person: Person | None, unit: Unit | None = None) -> bool:
    """Without `unit`: holds a process-owner grant of any scope (organisation or subtree),
    e.g. to show the administration menu. With `unit`: the grant covers that unit."""
    if person is None:
        return False
    if unit is None:
        return bool(_grants(person, GrantedRole.PROCESS_OWNER))
    return has_role(person, GrantedRole.PROCESS_OWNER, unit)


def is_organisation_process_owner(person: Person | None) -> bool:
    """Holds the process-owner role for the whole organisation (not only a subtree)."""
    return has_role(person, GrantedRole.PROCESS_OWNER)


def is_admin(person: Person | None) -> bool:
    """The organisation's administrator (configuration; no implicit access to personal
    evaluations, DESIGN.md §1)."""
    return has_role(person, GrantedRole.ADMIN)


# --- organisations app ---------------------------------------------------------------


def can_view_organisation_tree(person: Person | None) -> bool:
    # Everyone in the organisation may see its units, leaders and colleagues (a staff list).
    return person is not None and person.is_active


def can_import_organisation(person: Person | None) -> bool:
    """The HR import replaces the whole organisation's units and people, so it needs the
    organisation-wide process-owner grant (a subtree grant is not enough) or admin."""
    return is_organisation_process_owner(person) or is_admin(person)


def can_administer_organisation(person: Person | None) -> bool:
    """Organisation settings and explicit role grants (process owner, admin, pay)."""
    return is_admin(person)


# --- platform ------------------------------------------------------------------------


def can_use_django_admin(user) -> bool:
    """`django-admin/` is for platform superusers only: staff status alone is not enough,
    and an organisation's admin role does not open it."""
    return bool(user is not None and user.is_active and user.is_superuser)


def can_view_audit_log(person: Person | None) -> bool:
    """The organisation's audit log is for its administrators (DESIGN.md §6)."""
    return person is not None and person.is_active and is_admin(person)


# --- 360-degree leadership evaluation (feedback app, DESIGN.md §5–6) -------------------------
# The profile belongs to the leader; the superior sees it only when the leader shares it.
# Process owners see progress (rates), never answers or profiles; admins get no implicit access.


def can_manage_feedback_bank(person: Person | None) -> bool:
    return is_process_owner(person)


def can_start_feedback_round(person: Person | None, leader: Person) -> bool:
    if person is None or not same_organisation(person, leader):
        return False
    return person.pk == leader.pk or is_process_owner(person, leader.unit)


def _is_round_leader(person: Person | None, feedback_round) -> bool:
    return person is not None and person.pk == feedback_round.leader_id


def _is_round_superior(person: Person | None, feedback_round) -> bool:
    return person is not None and feedback_round.superior_id is not None and person.pk == feedback_round.superior_id


def _is_round_process_owner(person: Person | None, feedback_round) -> bool:
    return is_process_owner(person, feedback_round.leader.unit)


def can_view_feedback_round(person: Person | None, feedback_round) -> bool:
    """The round page: raters and counts per group, never answers."""
    return (
        _is_round_leader(person, feedback_round)
        or _is_round_superior(person, feedback_round)
        or _is_round_process_owner(person, feedback_round)
    )


def can_propose_feedback_raters(person: Person | None, feedback_round) -> bool:
    return _is_round_leader(person, feedback_round) or _is_round_process_owner(person, feedback_round)


def can_approve_feedback_raters(person: Person | None, feedback_round) -> bool:
    if feedback_round.superior_id is not None:
        return _is_round_superior(person, feedback_round)
    # A leader without a superior in the tree: the process owner approves.
    return _is_round_process_owner(person, feedback_round)


def can_close_feedback_round(person: Person | None, feedback_round) -> bool:
    return _is_round_leader(person, feedback_round) or _is_round_process_owner(person, feedback_round)


def can_view_leader_profile(person: Person | None, profile) -> bool:
    if person is None:
        return False
    if person.pk == profile.leader_id:
        return True
    return profile.shared_with_superior and _is_round_superior(person, profile.round)


def can_share_leader_profile(person: Person | None, profile) -> bool:
    return person is not None and person.pk == profile.leader_id


def can_edit_development_plan(person: Person | None, feedback_round) -> bool:
    """The plan is made in the conversation between the leader and the superior."""
    return _is_round_leader(person, feedback_round) or _is_round_superior(person, feedback_round)


def can_view_feedback_overview(person: Person | None) -> bool:
    return is_process_owner(person)


# --- agreements app (DESIGN.md §1, §3, §6) -------------------------------------------
# Content of an agreement: leader, superior, upper chain, process owner of the unit.
# Published parts: also the unit's employees, once a version is in force. A shared draft:
# the unit's employees may read it and comment while it is a draft or in review.

_AGREEMENT_OPEN_STATES = ("draft", "in_review")


def _is_agreement_leader(person: Person | None, agreement) -> bool:
    return person is not None and person.pk == agreement.leader_id


def _is_agreement_superior(person: Person | None, agreement) -> bool:
    return person is not None and person.pk == agreement.superior_id


def is_agreement_upper_chain(person: Person | None, agreement) -> bool:
    """Leads a unit above the agreement's unit, or stands above its superior in the tree."""
    if person is None or not same_organisation(person, agreement):
        return False
    unit_path = agreement.unit.path
    for path in _led_unit_paths(person):
        if unit_path.startswith(path) and path != unit_path:
            return True
    if agreement.superior_id and person.pk != agreement.superior_id:
        from resultatavtaler.organisations.selectors import upper_chain_of

        chain = remember(
            ("upper_chain", agreement.superior_id), lambda: {p.pk for p in upper_chain_of(agreement.superior)}
        )
        return person.pk in chain
    return False


def is_agreement_unit_member(person: Person | None, agreement) -> bool:
    """A member of the agreement's unit or of a unit below it (its employees)."""
    if person is None or not same_organisation(person, agreement) or person.unit_id is None:
        return False
    return person.unit.path.startswith(agreement.unit.path)


def can_view_agreement(person: Person | None, agreement) -> bool:
    if person is None or not same_organisation(person, agreement):
        return False
    return (
        _is_agreement_leader(person, agreement)
        or _is_agreement_superior(person, agreement)
        or is_process_owner(person, agreement.unit)
        or is_agreement_upper_chain(person, agreement)
    )


def can_edit_agreement(person: Person | None, agreement) -> bool:
    """The leader drafts; in review the superior may adjust too (any change voids a pending
    signature)."""
    if person is None or not same_organisation(person, agreement):
        return False
    if agreement.state == "draft":
        return _is_agreement_leader(person, agreement)
    if agreement.state == "in_review":
        return _is_agreement_leader(person, agreement) or _is_agreement_superior(person, agreement)
    return False


def can_submit_agreement(person: Person | None, agreement) -> bool:
    return agreement.state == "draft" and _is_agreement_leader(person, agreement)


def can_review_agreement(person: Person | None, agreement) -> bool:
    """Return with comments, adjust and sign as the superior."""
    return agreement.state == "in_review" and _is_agreement_superior(person, agreement)


def can_sign_agreement(person: Person | None, agreement) -> bool:
    return agreement.state == "in_review" and (
        _is_agreement_leader(person, agreement) or _is_agreement_superior(person, agreement)
    )


def can_renegotiate_agreement(person: Person | None, agreement) -> bool:
    return agreement.state == "signed" and (
        _is_agreement_leader(person, agreement) or _is_agreement_superior(person, agreement)
    )


def can_share_agreement_with_unit(person: Person | None, agreement) -> bool:
    return agreement.state in _AGREEMENT_OPEN_STATES and _is_agreement_leader(person, agreement)


def can_view_shared_draft(person: Person | None, agreement) -> bool:
    return (
        agreement.shared_with_unit_at is not None
        and agreement.state in _AGREEMENT_OPEN_STATES
        and is_agreement_unit_member(person, agreement)
    )


def can_comment_agreement(person: Person | None, agreement) -> bool:
    if agreement.state not in _AGREEMENT_OPEN_STATES:
        return False
    return (
        _is_agreement_leader(person, agreement)
        or _is_agreement_superior(person, agreement)
        or is_agreement_upper_chain(person, agreement)
        or can_view_shared_draft(person, agreement)
    )


def can_view_published_parts(person: Person | None, agreement) -> bool:
    if can_view_agreement(person, agreement):
        return True
    return agreement.in_force_version_id is not None and is_agreement_unit_member(person, agreement)


def period_participation_unit(person: Person | None, period) -> Unit | None:
    """The unit in which `person` takes part in `period`, or None when they do not take part.

    Who takes part is what `period_participants_refresh` computes: every leader of a unit with
    personnel responsibility, plus the process owner's additions (a named person, or every
    member of a unit). The stored list (PeriodParticipant) answers first; the rules answer for
    someone who became a participant after the list was last refreshed."""
    from resultatavtaler.agreements.constants import ParticipationRuleKind
    from resultatavtaler.agreements.models import ParticipationRule, PeriodParticipant

    if person is None or period is None or not person.is_active or not same_organisation(person, period):
        return None
    stored = PeriodParticipant.objects.filter(period=period, person=person).select_related("unit").first()
    if stored is not None:
        return stored.unit
    led = (
        Unit.objects.filter(organisation_id=person.organisation_id, leader=person, has_personnel_responsibility=True)
        .order_by("depth")
        .first()
    )
    if led is not None:
        return led
    rules = ParticipationRule.objects.filter(period=period)
    named = rules.filter(kind=ParticipationRuleKind.PERSON, person=person)
    their_unit = rules.filter(kind=ParticipationRuleKind.UNIT_MEMBERS, unit_id=person.unit_id)
    if person.unit_id is not None and (named.exists() or their_unit.exists()):
        return person.unit
    return None


def is_period_participant(person: Person | None, period) -> bool:
    return period_participation_unit(person, period) is not None


def can_start_agreement(person: Person | None, leader: Person, period) -> bool:
    """A participant of the period starts their own draft; a process owner whose scope covers
    the participant's unit may start one for them. Nobody starts one for a non-participant."""
    if person is None or leader is None or not same_organisation(person, leader):
        return False
    unit = period_participation_unit(leader, period)
    if unit is None:
        return False
    return person.pk == leader.pk or is_process_owner(person, unit)


def can_manage_periods(person: Person | None) -> bool:
    """Periods, participants, templates and advice settings are organisation-wide."""
    return has_role(person, GrantedRole.PROCESS_OWNER)


def can_manage_templates(person: Person | None) -> bool:
    return has_role(person, GrantedRole.PROCESS_OWNER)


def can_manage_goals(person: Person | None, unit: Unit) -> bool:
    """The unit's leader (or a leader above) and the process owner maintain its goals."""
    if person is None or person.organisation_id != unit.organisation_id:
        return False
    if is_process_owner(person, unit):
        return True
    return any(unit.path.startswith(p) for p in _led_unit_paths(person))


def can_view_alignment(person: Person | None) -> bool:
    """Goals → agreements → requirements with the gaps: for leaders (and so superiors) and
    process owners; each sees the content of the agreements they may see."""
    if person is None:
        return False
    return is_process_owner(person) or bool(_led_unit_paths(person))


def can_manage_common_requirements(person: Person | None, unit: Unit | None) -> bool:
    """For a subtree: its leader (or one above) and the process owner; for the whole
    organisation: an organisation-wide process owner."""
    if unit is None:
        return has_role(person, GrantedRole.PROCESS_OWNER)
    return can_manage_goals(person, unit)


# --- evaluations app: follow-up and assessment (DESIGN.md §3, §5, §6) ---------------------
# Self-evaluation, assessment, input results and mid-year notes: leader, superior and upper
# chain only. Process owners see states and dates (progress), never the content. Measurements
# are evidence attached to the agreement's indicators: whoever may read the agreement reads
# them. The pay-negotiation summary: the superior, the superior's upper chain and holders of
# the explicit pay role for the superior's unit.

_EVALUATION_STATES = ("signed", "self_evaluated", "assessed", "closed")


def is_agreement_leader(person: Person | None, agreement) -> bool:
    """The agreement's leader, whatever its state. With the state-bound functions below, a view
    tells a missing right (403) from a step the state does not allow yet (a message)."""
    return same_organisation(person, agreement) and _is_agreement_leader(person, agreement)


def is_agreement_party(person: Person | None, agreement) -> bool:
    """The agreement's leader or superior, whatever its state (see `is_agreement_leader`)."""
    return same_organisation(person, agreement) and (
        _is_agreement_leader(person, agreement) or _is_agreement_superior(person, agreement)
    )


def can_view_evaluation(person: Person | None, agreement) -> bool:
    if person is None or not same_organisation(person, agreement):
        return False
    return (
        _is_agreement_leader(person, agreement)
        or _is_agreement_superior(person, agreement)
        or is_agreement_upper_chain(person, agreement)
    )


def can_view_evaluation_progress(person: Person | None, agreement) -> bool:
    """States and dates of the follow-up (no ratings, comments or results)."""
    return can_view_evaluation(person, agreement) or (
        same_organisation(person, agreement) and is_process_owner(person, agreement.unit)
    )


def can_write_self_evaluation(person: Person | None, agreement) -> bool:
    return agreement.state == "signed" and _is_agreement_leader(person, agreement)


def can_reopen_self_evaluation(person: Person | None, agreement) -> bool:
    return agreement.state == "self_evaluated" and (
        _is_agreement_leader(person, agreement) or _is_agreement_superior(person, agreement)
    )


def can_schedule_conversation(person: Person | None, agreement) -> bool:
    return agreement.state in ("signed", "self_evaluated") and _is_agreement_superior(person, agreement)


def can_assess(person: Person | None, agreement) -> bool:
    return agreement.state == "self_evaluated" and _is_agreement_superior(person, agreement)


def can_give_feedback_to_superior(person: Person | None, agreement) -> bool:
    return agreement.state in ("signed", "self_evaluated", "assessed") and _is_agreement_leader(person, agreement)


def can_acknowledge_assessment(person: Person | None, agreement) -> bool:
    return agreement.state == "assessed" and (
        _is_agreement_leader(person, agreement) or _is_agreement_superior(person, agreement)
    )


def can_record_measurements(person: Person | None, agreement) -> bool:
    if person is None or not same_organisation(person, agreement) or agreement.state == "closed":
        return False
    return (
        _is_agreement_leader(person, agreement)
        or _is_agreement_superior(person, agreement)
        or is_process_owner(person, agreement.unit)
    )


def can_view_measurements(person: Person | None, agreement) -> bool:
    return can_view_agreement(person, agreement)


def can_send_input_request(person: Person | None, agreement) -> bool:
    if agreement.in_force_version_id is None or agreement.state in ("assessed", "closed"):
        return False
    return _is_agreement_leader(person, agreement) or _is_agreement_superior(person, agreement)


def can_manage_input_request(person: Person | None, input_request) -> bool:
    """Close or cancel: the one who sent it, the leader or the superior."""
    ag = input_request.agreement
    if person is None or not same_organisation(person, ag):
        return False
    return person.pk in (input_request.created_by_id, ag.leader_id, ag.superior_id)


def can_view_input_results(person: Person | None, input_request) -> bool:
    return can_view_evaluation(person, input_request.agreement)


def can_view_input_progress(person: Person | None, input_request) -> bool:
    return can_view_evaluation_progress(person, input_request.agreement)


def can_record_midyear_review(person: Person | None, agreement) -> bool:
    if agreement.in_force_version_id is None or agreement.state in ("assessed", "closed"):
        return False
    return _is_agreement_leader(person, agreement) or _is_agreement_superior(person, agreement)


def can_view_pay_summary(person: Person | None, superior: Person) -> bool:
    if person is None or superior is None or person.organisation_id != superior.organisation_id:
        return False
    if not superior.organisation.uses_pay_summary:
        return False
    if person.pk == superior.pk:
        return True
    from resultatavtaler.organisations.selectors import leader_unit, upper_chain_of

    if person in upper_chain_of(superior):
        return True
    unit = leader_unit(superior) or superior.unit
    return unit is not None and has_role(person, GrantedRole.PAY, unit)


def can_edit_pay_summary(person: Person | None, superior: Person) -> bool:
    return (
        person is not None
        and superior is not None
        and person.pk == superior.pk
        and person.organisation.uses_pay_summary
    )


def can_manage_scales(person: Person | None) -> bool:
    return has_role(person, GrantedRole.PROCESS_OWNER)


# --- process overview, notifications, experience library and introduction guide --------------
# The overview shows states, dates and response counts (never evaluations or ratings): to
# process owners (their scope) and to leaders of units (their subtree, as superiors).
# The experience library is for everyone in the organisation; a leader shares only their own
# requirements. The introduction guide belongs to the process owners.


def can_view_overview(person: Person | None) -> bool:
    if person is None:
        return False
    return is_process_owner(person) or bool(_led_unit_paths(person))


def can_view_library(person: Person | None) -> bool:
    return person is not None and person.is_active


def can_share_requirement(person: Person | None, requirement) -> bool:
    """Only the leader whose agreement holds the requirement, and not a common requirement
    (that one is the unit's, already shared by its author)."""
    if person is None:
        return False
    agreement = requirement.agreement
    return (
        same_organisation(person, agreement)
        and agreement.leader_id == person.pk
        and requirement.common_requirement_id is None
    )


def can_delete_library_entry(person: Person | None, entry) -> bool:
    if person is None or not same_organisation(person, entry):
        return False
    return (entry.created_by_id is not None and entry.created_by_id == person.pk) or is_process_owner(person)


def can_manage_introduction_guide(person: Person | None, unit: Unit | None = None) -> bool:
    """Without `unit`: may open the guide at all; with `unit`: may tick its items."""
    return is_process_owner(person, unit)


# --- integration API (api app, docs/api.md) ---------------------------------------------
# An API token belongs to an organisation, not to a person: it acts organisation-wide for an
# integration (HR system, BI tool, archive). It reads the organisation's records — units and
# people, measurements, agreement states and dates, published parts and signed versions — and
# never personal evaluations: self-evaluations, assessments, 360 data and input-request
# results stay with leader, superior and upper chain (DESIGN.md §6). Only a write token
# writes (the HR upsert, measurements). A person calling the API with their session gets
# exactly what the pages give them, through the functions above.
# The first argument of the token functions is the ApiToken (or None); revoked → False.


def can_manage_api_tokens(person: Person | None) -> bool:
    """The organisation's administrators create and revoke its API tokens."""
    return is_admin(person)


def _token_in(token, obj) -> bool:
    if token is None or token.revoked_at is not None or obj is None:
        return False
    org_id = obj.pk if isinstance(obj, Organisation) else getattr(obj, "organisation_id", None)
    return org_id is not None and org_id == token.organisation_id


def api_token_can_read(token, obj) -> bool:
    """Organisation records: the organisation itself, units, people, agreement states and
    dates, published parts, signed versions and measurements."""
    return _token_in(token, obj)


def api_token_can_import_organisation(token, organisation) -> bool:
    """The HR upsert (the file import's rules), for a write token of that organisation."""
    return _token_in(token, organisation) and token.scope == "write"


def api_token_can_record_measurements(token, agreement) -> bool:
    """As for people (can_record_measurements): not once the agreement is closed."""
    return _token_in(token, agreement) and token.scope == "write" and agreement.state != "closed"


def api_token_can_view_evaluation(token, agreement) -> bool:
    """Never: self-evaluations, assessments, input results and 360 data are personal
    evaluations, not integration data (DESIGN.md §6). Stated so the rule has one home."""
    return False


# --- privacy and public access (lib/privacy, docs/privacy.md) -----------------------------
# Offentleglova: the leader or the unit's process owner decides which sections are exempt;
# the redacted copy for an access request goes to process owners and the parties.
# GDPR art. 15: a person exports their own data; the organisation's admins export anyone's.


def can_mark_exemptions(person: Person | None, agreement) -> bool:
    if person is None or not same_organisation(person, agreement):
        return False
    return _is_agreement_leader(person, agreement) or is_process_owner(person, agreement.unit)


def can_download_redacted_copy(person: Person | None, agreement) -> bool:
    if person is None or not same_organisation(person, agreement):
        return False
    return (
        _is_agreement_leader(person, agreement)
        or _is_agreement_superior(person, agreement)
        or is_process_owner(person, agreement.unit)
    )


def can_export_person_data(person: Person | None, subject: Person) -> bool:
    if person is None or subject is None or not same_organisation(person, subject):
        return False
    return person.pk == subject.pk or is_admin(person)
