"""Input requests under the anonymity rules of DESIGN.md §5, as properties: thresholds,
suppression of small groups from totals and comments, no live results, late answers refused,
and nothing that links an answer to a person in models, pages or exports."""

import datetime
import random

import pytest
from django.core import mail
from django.db import models
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from resultatavtaler.core_errors import DomainError
from resultatavtaler.evaluations import services
from resultatavtaler.evaluations.aggregate import AnswerData, aggregate
from resultatavtaler.evaluations.constants import InputGroup
from resultatavtaler.evaluations.models import InputAnswer, InputInvitation, InputRequest

GROUPS = [g.value for g in InputGroup]
FORM = {"requirements": [{"id": 1, "number": "1.1", "text": "A"}, {"id": 2, "number": "1.2", "text": "B"}],
        "scale": [{"value": v, "label": {"nb": str(v), "nn": str(v), "en": str(v)}} for v in (1, 2, 3)],
        "groups": GROUPS}

answer_st = st.builds(
    AnswerData,
    group=st.sampled_from(GROUPS),
    ratings=st.fixed_dictionaries({"1": st.one_of(st.none(), st.integers(1, 3)),
                                   "2": st.one_of(st.none(), st.integers(1, 3))}),
    comments=st.fixed_dictionaries({"1": st.text(max_size=5)}),
    comment=st.text(max_size=5),
)
thresholds = st.tuples(st.integers(3, 6), st.integers(4, 10))


@settings(max_examples=200, deadline=None)
@given(answers=st.lists(answer_st, max_size=25), t=thresholds, seed=st.integers())
def test_small_groups_are_removed_from_scores_totals_and_comments(answers, t, seed):
    min_group, min_total = t
    res = aggregate(form=FORM, answers=answers, min_group=min_group, min_total=min_total, rng=random.Random(seed))
    counts = {g: sum(1 for a in answers if a.group == g) for g in GROUPS}
    shown = {g["group"] for g in res["groups"] if g["shown"]}
    # Every shown group reached the threshold, and the shown groups together the total threshold.
    assert all(counts[g] >= min_group for g in shown)
    assert res["total"] == sum(counts[g] for g in shown)
    assert not shown or res["total"] >= min_total
    # A suppressed group has no count, no cell, no comment anywhere.
    for g in res["groups"]:
        if not g["shown"]:
            assert g["count"] is None
    for r in res["requirements"]:
        assert {c["group"] for c in r["groups"]} <= shown
        assert {c["group"] for c in r["comments"]} <= shown
        for c in r["groups"]:
            assert c["count"] is None or c["count"] >= min_group
        # The total is made of the shown cells only: nothing to subtract a hidden group from.
        shown_cells = [c for c in r["groups"] if c["count"]]
        if r["total"]:
            assert r["total"]["count"] == sum(c["count"] for c in shown_cells)
            assert sum(d["count"] for d in r["total"]["distribution"]) == r["total"]["count"]
    assert {c["group"] for c in res["comments"]} <= shown
    if not shown:
        assert res["requirements"] == [] and res["comments"] == []


@settings(max_examples=100, deadline=None)
@given(answers=st.lists(answer_st, min_size=8, max_size=25), seed=st.integers())
def test_the_result_does_not_depend_on_the_order_of_answering(answers, seed):
    a = aggregate(form=FORM, answers=answers, min_group=3, min_total=4, rng=random.Random(seed))
    b = aggregate(form=FORM, answers=list(reversed(answers)), min_group=3, min_total=4, rng=random.Random(seed))
    strip = lambda res: {**res, "comments": sorted(map(str, res["comments"])),  # noqa: E731
                         "requirements": [{**r, "comments": sorted(map(str, r["comments"]))}
                                          for r in res["requirements"]]}
    assert strip(a) == strip(b)


# --- the models hold nothing that leads back to a person ----------------------------------------

def test_an_answer_has_no_link_to_an_invitation_a_person_or_a_time():
    fields = InputAnswer._meta.get_fields()
    relations = {f.related_model for f in fields if f.is_relation}
    assert relations == {InputRequest}
    assert not any(isinstance(f, models.DateField | models.DateTimeField) for f in fields)
    assert isinstance(InputAnswer._meta.pk, models.UUIDField)
    assert not InputAnswer._meta.ordering
    assert not any(isinstance(f, models.DateField | models.DateTimeField)
                   for f in InputInvitation._meta.get_fields())


# --- through the services ----------------------------------------------------------------------

@pytest.fixture
def request_open(signed, leader, staff):
    return services.input_request_create(agreement=signed, actor=leader,
                                         deadline=timezone.localdate() + datetime.timedelta(days=7),
                                         intro="Si hva du mener")


def answer_all(ir, n=None, value=3, comment="Bra"):
    for inv in list(InputInvitation.objects.filter(request=ir, answered=False))[:n]:
        ratings = {str(r["id"]): value for r in ir.form["requirements"]}
        services.input_answer_submit(invitation=inv, ratings=ratings, comments={}, comment=comment)


def test_each_recipient_gets_a_single_use_link_and_only_its_hash_is_stored(signed, leader, staff,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ir = services.input_request_create(agreement=signed, actor=leader,
                                           deadline=timezone.localdate() + datetime.timedelta(days=7))
    invs = list(InputInvitation.objects.filter(request=ir))
    assert len(mail.outbox) == len(invs) == 6  # the employee and five more in the section
    for m in mail.outbox:
        token = m.body.split("/oppfolging/svar/")[1].split("/")[0]
        assert services.token_hash(token) in {i.token_hash for i in invs}
        assert token not in {i.token_hash for i in invs}


def test_no_live_results_and_answers_after_closing_are_refused(request_open, leader, client_for):
    answer_all(request_open, n=5)
    page = client_for(leader).get(f"/oppfolging/innhenting/{request_open.pk}/").content.decode()
    assert "results-heading" not in page
    assert InputRequest.objects.get(pk=request_open.pk).results is None
    services.input_request_close(input_request=request_open, actor=leader)
    frozen = InputRequest.objects.get(pk=request_open.pk).results
    assert frozen["shown"] and frozen["total"] == 5
    late = InputInvitation.objects.filter(request=request_open, answered=False).first()
    with pytest.raises(DomainError) as exc:
        services.input_answer_submit(invitation=late, ratings={}, comments={})
    assert exc.value.status == 410 and exc.value.code == "late"
    assert InputRequest.objects.get(pk=request_open.pk).results == frozen
    assert InputAnswer.objects.filter(request=request_open).count() == 5


def test_an_answer_after_the_deadline_is_refused_with_a_clear_page(request_open, client):
    InputRequest.objects.filter(pk=request_open.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    inv = InputInvitation.objects.filter(request=request_open).first()
    token = "x" * 43
    InputInvitation.objects.filter(pk=inv.pk).update(token_hash=services.token_hash(token))
    r = client.post(f"/oppfolging/svar/{token}/", {})
    assert r.status_code == 410
    assert not InputAnswer.objects.exists()


def test_a_link_works_once(request_open, client):
    inv = InputInvitation.objects.filter(request=request_open).first()
    token = "y" * 43
    InputInvitation.objects.filter(pk=inv.pk).update(token_hash=services.token_hash(token))
    ids = [str(r["id"]) for r in request_open.form["requirements"]]
    data = {f"rating-{i}": "2" for i in ids}
    assert client.post(f"/oppfolging/svar/{token}/", data).status_code == 302
    again = client.post(f"/oppfolging/svar/{token}/", data)
    assert again.status_code == 410 and "already answered" in again.content.decode()
    assert InputAnswer.objects.count() == 1


def test_a_link_after_closing_says_the_request_is_closed(request_open, leader, client):
    inv = InputInvitation.objects.filter(request=request_open).first()
    token = "w" * 43
    InputInvitation.objects.filter(pk=inv.pk).update(token_hash=services.token_hash(token))
    services.input_request_close(input_request=request_open, actor=leader)
    r = client.get(f"/oppfolging/svar/{token}/")
    assert r.status_code == 410 and "no longer accepted" in r.content.decode()
    assert not InputAnswer.objects.exists()


def test_a_group_under_the_threshold_is_left_out_after_closing(request_open, leader, superior, cast):
    # Two union representatives answer: under three, so their group and comments vanish.
    services.input_request_close(input_request=request_open, actor=leader)
    ir2 = services.input_request_create(
        agreement=request_open.agreement, actor=superior, deadline=timezone.localdate(),
        union_representatives=[cast.other_leader, cast.process_owner], include_employees=True,
    )
    for inv in InputInvitation.objects.filter(request=ir2):
        comment = "HEMMELIG" if inv.group == InputGroup.UNION else "Synlig"
        services.input_answer_submit(invitation=inv, ratings={}, comments={}, comment=comment)
    services.input_request_close(input_request=ir2, actor=superior)
    res = InputRequest.objects.get(pk=ir2.pk).results
    assert [g["group"] for g in res["groups"] if g["shown"]] == ["employees"]
    assert "HEMMELIG" not in str(res)
    assert res["total"] == 6


def test_pages_never_name_who_answered(request_open, leader, staff, client_for):
    answer_all(request_open, comment="Fin innsats")
    services.input_request_close(input_request=request_open, actor=leader)
    page = client_for(leader).get(f"/oppfolging/innhenting/{request_open.pk}/").content.decode()
    assert "Fin innsats" in page
    for person in staff:
        assert person.name not in page and person.email not in page


def test_too_few_people_asked_is_refused(signed, leader):
    with pytest.raises(DomainError):
        services.input_request_create(agreement=signed, actor=leader, include_employees=True,
                                      deadline=timezone.localdate())  # the section has one employee
    assert not InputRequest.objects.exists()


def test_the_deadline_closes_the_request(request_open):
    InputRequest.objects.filter(pk=request_open.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert services.input_requests_close_due() == 1
    assert InputRequest.objects.get(pk=request_open.pk).state == "closed"
