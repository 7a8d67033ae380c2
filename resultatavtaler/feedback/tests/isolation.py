"""The 360 pages for the organisation-isolation test (accounts/tests/test_isolation.py):
which are public, and which object of the cast's organisation each parametrised page names."""

from datetime import timedelta

from django.utils import timezone

from resultatavtaler.feedback import services
from resultatavtaler.feedback.constants import RaterGroup

# Token links work without login (DESIGN.md §5).
PUBLIC = {"feedback:thanks", "feedback:answer", "feedback:answer_step"}
# A token names no object the outsider could guess; an unknown one must show nothing.
NON_OBJECT_KWARGS = {
    "feedback:answer": {"token": "ukjent-token-0123456789abcdef"},
    "feedback:answer_step": {"token": "ukjent-token-0123456789abcdef", "step": 1},
}


def _round_and_invitation(cast):
    """One round for the cast's leader with one proposed rater, made once per cast."""
    if not hasattr(cast, "_isolation_feedback"):
        fr = services.round_start(
            leader=cast.leader, actor=cast.leader, deadline=timezone.localdate() + timedelta(days=14)
        )
        inv = services.invitation_propose(
            feedback_round=fr, actor=cast.leader, group=RaterGroup.PEERS, person=cast.other_leader
        )
        cast._isolation_feedback = (fr, inv)
    return cast._isolation_feedback


def _round(cast):
    return {"pk": _round_and_invitation(cast)[0].pk}


def _invitation(cast):
    fr, inv = _round_and_invitation(cast)
    return {"pk": fr.pk, "invitation_pk": inv.pk}


OBJECT_KWARGS = {
    **{
        f"feedback:{name}": _round
        for name in (
            "round",
            "propose",
            "submit",
            "approve",
            "close",
            "cancel",
            "profile",
            "profile_pdf",
            "profile_share",
            "plan",
        )
    },
    "feedback:withdraw": _invitation,
    "feedback:plan_delete": lambda cast: {"pk": _round_and_invitation(cast)[0].pk, "item_pk": 1},
    "feedback:answer_invitation": lambda cast: {"pk": _round_and_invitation(cast)[1].pk},
    "feedback:answer_invitation_step": lambda cast: {"pk": _round_and_invitation(cast)[1].pk, "step": 1},
}
