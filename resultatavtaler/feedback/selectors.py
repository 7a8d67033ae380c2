"""Reads the feedback pages share, scoped to what the person may see. Progress is given as
counts per rater group; nothing here says which rater answered."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from resultatavtaler.accounts import permissions
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.models import Person, RoleGrant, Unit

from .constants import GROUP_ORDER, InvitationState, RaterGroup, RoundState
from .models import DevelopmentItem, FeedbackRound, Invitation, LeaderProfile
from .services import token_hash


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("round__leader", "round__organisation", "person")
        .filter(token_hash=token_hash(token))
        .first()
    )


# The 360 page's tables: dates, state and links (the questionnaire belongs to the round's pages).
def rounds_led_by(person: Person) -> QuerySet[FeedbackRound]:
    return FeedbackRound.objects.filter(leader=person).only("id", "state", "deadline", "created_at")


def rounds_as_superior(person: Person) -> QuerySet[FeedbackRound]:
    return (
        FeedbackRound.objects.filter(superior=person)
        .select_related("leader", "profile")
        .only("id", "state", "deadline", "leader__name", "profile__shared_with_superior")
    )


def rounds_awaiting_approval_by(person: Person) -> list[FeedbackRound]:
    """Rounds where this person approves raters and some proposals wait: the superior named on
    a round approves it, and a round without one is approved by a process owner, so only a
    process owner's question reads the rounds without a superior."""
    whose = Q(superior=person)
    if permissions.is_process_owner(person):
        whose |= Q(superior=None)
    qs = (
        FeedbackRound.objects.filter(
            organisation_id=person.organisation_id,
            state__in=(RoundState.AWAITING_APPROVAL, RoundState.OPEN),
        )
        .filter(whose)
        .filter(Exists(Invitation.objects.filter(round=OuterRef("pk"), state=InvitationState.PROPOSED)))
        .select_related("leader__unit")
        # What the permission question and the task need: not the questionnaire.
        .only("id", "superior", "deadline", "leader__name", "leader__unit__organisation", "leader__unit__path")
    )
    return [fr for fr in qs if permissions.can_approve_feedback_raters(person, fr)]


def open_invitations_for(person: Person) -> QuerySet[Invitation]:
    """The questionnaires the person has yet to answer, as the home page and the 360 page list
    them: the group, the round's leader and deadline — not the questionnaire."""
    return (
        Invitation.objects.filter(
            person=person,
            state=InvitationState.APPROVED,
            sent_at__isnull=False,
            used_at=None,
            round__state=RoundState.OPEN,
            round__deadline__gte=timezone.localdate(),
        )
        .select_related("round__leader")
        .only("id", "group", "round__deadline", "round__leader__name")
    )


def round_progress(feedback_round: FeedbackRound) -> list[dict]:
    """Per group: raters invited and answers received. Counts only."""
    rows = (
        Invitation.objects.filter(round=feedback_round, state=InvitationState.APPROVED)
        .values("group")
        .annotate(
            invited=Count("id", filter=Q(sent_at__isnull=False)),
            answered=Count("id", filter=Q(used_at__isnull=False)),
        )
    )
    by_group = {r["group"]: r for r in rows}
    return [
        {
            "group": g.value,
            "label": g.label,
            "invited": by_group.get(g.value, {}).get("invited", 0),
            "answered": by_group.get(g.value, {}).get("answered", 0),
        }
        for g in GROUP_ORDER
    ]


def raters_of(feedback_round: FeedbackRound) -> QuerySet[Invitation]:
    """The list of raters for the round page. Callers must not show `used_at`."""
    return (
        Invitation.objects.filter(round=feedback_round)
        .select_related("person__unit")
        .only("id", "group", "state", "email", "sent_at", "person__name", "person__title", "person__unit__name",
              "round_id")
    )


_ROUND_ORGANISATION = FeedbackRound._meta.get_field("organisation")


def profile_of(feedback_round: FeedbackRound, *, with_data: bool = True) -> LeaderProfile | None:
    """The round's profile, its round being the one given. `with_data=False` leaves the frozen
    profile JSON unread until it is used (the profile page renders it from the cache)."""
    qs = LeaderProfile.objects.filter(round=feedback_round).select_related("leader")
    if not with_data:
        qs = qs.defer("data")
    profile = qs.first()
    if profile is not None:
        profile.round = feedback_round
        # The round's organisation, when read with the round, is the profile's: the audit of a
        # read names it without reading it again.
        if profile.organisation_id == feedback_round.organisation_id and _ROUND_ORGANISATION.is_cached(feedback_round):
            profile.organisation = feedback_round.organisation
    return profile


def process_owner_units(person: Person) -> list[Unit] | None:
    """The unit subtrees a process owner holds; None means the whole organisation."""
    grants = list(
        RoleGrant.objects.filter(person=person, organisation_id=person.organisation_id, role=GrantedRole.PROCESS_OWNER)
        .select_related("unit")
    )
    if any(g.unit_id is None for g in grants):
        return None
    return [g.unit for g in grants]


def overview_rounds(person: Person) -> list[dict]:
    """The process owner's view: rounds per unit with response rates (overall, never per
    rater and never scores)."""
    qs = FeedbackRound.objects.filter(organisation_id=person.organisation_id).select_related("leader__unit")
    units = process_owner_units(person)
    if units is not None:
        q = Q(pk__in=[])
        for u in units:
            q |= Q(leader__unit__path__startswith=u.path)
        qs = qs.filter(q)
    qs = qs.annotate(
        invited=Count("invitations", filter=Q(invitations__sent_at__isnull=False,
                                              invitations__state=InvitationState.APPROVED)),
        answered=Count("invitations", filter=Q(invitations__used_at__isnull=False)),
    ).order_by("leader__unit__path", "-created_at")
    rows = []
    for fr in qs:
        rate = round(100 * fr.answered / fr.invited) if fr.invited else None
        rows.append({"round": fr, "unit": fr.leader.unit, "invited": fr.invited, "answered": fr.answered,
                     "rate": rate})
    return rows


def leaders_in_scope(person: Person) -> QuerySet[Person]:
    """Leaders of units in the process owner's area, for starting a round on their behalf."""
    units = Unit.objects.filter(organisation_id=person.organisation_id).exclude(leader=None)
    scope = process_owner_units(person)
    if scope is not None:
        q = Q(pk__in=[])
        for u in scope:
            q |= Q(path__startswith=u.path)
        units = units.filter(q)
    return Person.objects.filter(pk__in=units.values("leader_id"), is_active=True).order_by("name")


def development_items_for(person: Person) -> QuerySet[DevelopmentItem]:
    """Development items of this leader not yet used as a requirement in an agreement — for
    the agreements app's "personlige utviklingsmål"."""
    return (
        DevelopmentItem.objects.filter(plan__leader=person, plan__organisation_id=person.organisation_id, used_at=None)
        .select_related("plan__round")
        .order_by("deadline", "id")
    )


def group_label(group: str) -> str:
    return RaterGroup(group).label
