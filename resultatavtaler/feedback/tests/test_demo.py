import pytest

from resultatavtaler.feedback import demo
from resultatavtaler.feedback.constants import RaterGroup, RoundState
from resultatavtaler.feedback.models import FeedbackRound, Invitation, Response
from resultatavtaler.feedback.selectors import open_invitations_for
from resultatavtaler.organisations import demo as org_demo
from resultatavtaler.organisations.models import Person


@pytest.mark.django_db
def test_demo_rounds_show_a_profile_a_suppressed_group_and_an_open_invitation():
    demo_orgs = org_demo.load()
    assert demo.load(demo_orgs) != "nothing new"
    counts = (FeedbackRound.objects.count(), Response.objects.count(), Invitation.objects.count())
    assert demo.load(demo_orgs) == "nothing new"
    assert (FeedbackRound.objects.count(), Response.objects.count(), Invitation.objects.count()) == counts

    leder = Person.objects.get(user__username="leder")
    full = FeedbackRound.objects.get(leader=leder, state=RoundState.CLOSED)
    shown = {g["group"]: g["shown"] for g in full.profile.data["groups"]}
    assert all(shown.values())
    assert full.profile.shared_with_superior
    assert full.development_plan.items.count() == 2

    suppressed = FeedbackRound.objects.get(leader__user__username="leder2", state=RoundState.CLOSED)
    data = suppressed.profile.data
    assert {g["group"]: g["shown"] for g in data["groups"]}["peers"] is False
    assert data["others_shown"] is True
    assert all("peers" not in item["values"] for item in data["items"])

    ansatt = Person.objects.get(user__username="ansatt")
    invs = list(open_invitations_for(ansatt))
    assert len(invs) == 1 and invs[0].round.leader == leder and invs[0].group == RaterGroup.DIRECT_REPORTS
