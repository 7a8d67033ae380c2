"""Test helpers: real rounds built through the services, raw tokens taken from the e-mails
the raters receive (the only place they exist)."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from resultatavtaler.feedback import services
from resultatavtaler.feedback.constants import RaterGroup
from resultatavtaler.feedback.models import Invitation
from resultatavtaler.organisations.tests.factories import PersonFactory

TOKEN_RE = re.compile(r"/360/svar/([A-Za-z0-9_-]{20,})/")


def tokens_in_outbox(start: int = 0) -> dict[str, str]:
    """address → raw token, from the e-mails sent since index `start`."""
    found = {}
    for m in mail.outbox[start:]:
        match = TOKEN_RE.search(m.body)
        if match:
            found[m.to[0]] = match.group(1)
    return found


def make_people(organisation, n, unit=None, prefix="Kollega"):
    return [PersonFactory(organisation=organisation, unit=unit, name=f"{prefix} {i}") for i in range(n)]


def open_round(cast, capture, *, peers=0, extra_direct_reports=0, others=0, deadline_days=14):
    """A round for cast.leader, approved by cast.superior, with invitations mailed.
    Returns (round, {address: token})."""
    leader = cast.leader
    extra = make_people(cast.organisation, extra_direct_reports, unit=cast.section, prefix="Medarbeider")
    deadline = timezone.localdate() + timedelta(days=deadline_days)
    fr = services.round_start(leader=leader, actor=leader, deadline=deadline)
    for p in make_people(cast.organisation, peers, unit=cast.other_section, prefix="Sidestilt"):
        services.invitation_propose(feedback_round=fr, actor=leader, group=RaterGroup.PEERS, person=p)
    for i in range(others):
        services.invitation_propose(feedback_round=fr, actor=leader, group=RaterGroup.OTHERS,
                                    email=f"ekstern{i}@partner.example")
    services.round_submit_raters(feedback_round=fr, actor=leader)
    start = len(mail.outbox)
    with capture(execute=True):
        services.round_approve_raters(feedback_round=fr, actor=cast.superior)
    fr.refresh_from_db()
    assert extra is not None
    return fr, tokens_in_outbox(start)


def answer_all(fr, group, values, comments=None):
    """Let every unused invitation of a group answer through the services."""
    keys = [s["key"] for a in fr.questionnaire["areas"] for s in a["statements"]]
    cq = [c["key"] for c in fr.questionnaire["comment_questions"]]
    invs = list(Invitation.objects.filter(round=fr, group=group, used_at=None, state="approved"))
    for i, inv in enumerate(invs):
        v = values[i % len(values)] if isinstance(values, list) else values
        answers = dict.fromkeys(keys, v)
        comment = (comments[i % len(comments)] if isinstance(comments, list) else comments) if comments else ""
        services.answer_draft_save(invitation=inv, answers=answers, comments={cq[0]: comment} if comment else {})
        services.response_submit(invitation=inv)
    return len(invs)


def profile_pdf_response(client, feedback_round):
    """The lederprofil PDF as its reader gets it: ask for it (the task worker makes it; the
    immediate backend in tests), then download it from the job's page."""
    from django.urls import reverse

    from resultatavtaler.reports.models import DocumentJob

    response = client.post(reverse("feedback:profile_pdf", args=[feedback_round.pk]))
    assert response.status_code == 302, response.status_code
    job = DocumentJob.objects.latest("id")
    assert response["Location"] == reverse("reports:document_job", args=[job.pk])
    return client.get(reverse("reports:document_job_download", args=[job.pk]))
