"""The 360 page lists the reader's questionnaires to answer, their own rounds and their leaders'
rounds from one statement each: dates, states, names and links, never a questionnaire, and the
same number of statements however many rounds there are."""

import pytest
from django.urls import reverse

from resultatavtaler.feedback import services
from resultatavtaler.feedback.constants import RaterGroup
from resultatavtaler.feedback.models import Invitation

from .helpers import answer_all, open_round

pytestmark = pytest.mark.django_db


def _read(page_statements, person):
    html, statements = page_statements(person, reverse("feedback:index"))
    assert not any('"questionnaire"' in sql for sql in statements)
    return html, len(statements)


def test_the_360_page_reads_no_questionnaire_and_no_row_afterwards(
    cast, page_statements, django_capture_on_commit_callbacks
):
    first, _tokens = open_round(cast, django_capture_on_commit_callbacks)
    rater = Invitation.objects.get(round=first, group=RaterGroup.DIRECT_REPORTS, person=cast.employee)
    html, _n = _read(page_statements, cast.employee)
    assert reverse("feedback:answer_invitation", args=[rater.pk]) in html and cast.leader.name in html
    leader_html, leader_one = _read(page_statements, cast.leader)
    assert reverse("feedback:round", args=[first.pk]) in leader_html
    superior_html, superior_one = _read(page_statements, cast.superior)
    assert reverse("feedback:round", args=[first.pk]) in superior_html and cast.leader.name in superior_html

    # The first round closes with a profile shared with the superior; a second one starts.
    answer_all(first, RaterGroup.SELF, 4)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_close(feedback_round=first, actor=cast.leader)
    first.refresh_from_db()
    services.profile_set_shared(profile=first.profile, actor=cast.leader, shared=True)
    second, _tokens = open_round(cast, django_capture_on_commit_callbacks)

    leader_html, leader_two = _read(page_statements, cast.leader)
    assert reverse("feedback:profile", args=[first.pk]) in leader_html
    assert reverse("feedback:round", args=[second.pk]) in leader_html
    superior_html, superior_two = _read(page_statements, cast.superior)
    assert reverse("feedback:profile", args=[first.pk]) in superior_html
    assert reverse("feedback:round", args=[second.pk]) in superior_html
    assert (leader_two, superior_two) == (leader_one, superior_one)
