"""The follow-up's lists read the assessments with the agreements: the home page's tasks and the
follow-up index run the same number of queries however many agreements — and years of closed
history — the person has, and show the same due dates as the rule read one agreement at a time."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resultatavtaler.agreements import services as ag_services
from resultatavtaler.agreements.models import Agreement
from resultatavtaler.evaluations import services
from resultatavtaler.evaluations.home import tasks_for

from .conftest import make_signed


def _period(cast, ad_template, year):
    return ag_services.period_create(
        organisation=cast.organisation, actor=cast.process_owner, name=str(year),
        start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), default_template=ad_template.template,
        self_evaluations_due=datetime.date(year, 11, 13),
    )


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _schedule(agreement, superior, days):
    when = timezone.make_aware(datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=days), datetime.time(10, 0)))
    services.conversation_schedule(agreement=agreement, actor=superior, when=when)


def test_home_tasks_do_not_grow_with_closed_years(cast, signed, ad_template, client_for):
    _schedule(signed, cast.superior, 20)
    client = client_for(cast.leader)
    client.get(reverse("home:index"))
    before = _queries(lambda: client.get(reverse("home:index")))
    titles = [t.title for t in tasks_for(cast.leader).tasks]

    for year in (2024, 2025):
        old = make_signed(cast.leader, _period(cast, ad_template, year))
        Agreement.objects.filter(pk=old.pk).update(state="closed")

    assert _queries(lambda: client.get(reverse("home:index"))) == before
    assert [t.title for t in tasks_for(cast.leader).tasks] == titles

    # Another signed agreement with its own conversation: one more task, no more queries.
    later = make_signed(cast.leader, _period(cast, ad_template, 2027))
    _schedule(later, cast.superior, 40)
    assert _queries(lambda: client.get(reverse("home:index"))) == before
    assert len(tasks_for(cast.leader).tasks) > len(titles)


def test_follow_up_index_reads_no_assessment_per_agreement(cast, signed, ad_template, client_for):
    client = client_for(cast.leader)
    url = reverse("evaluations:index")
    client.get(url)
    one = _queries(lambda: client.get(url))

    others = [make_signed(cast.leader, _period(cast, ad_template, year)) for year in (2027, 2028)]
    _schedule(others[0], cast.superior, 30)  # one with a conversation (due = conversation − 7 days)

    response = client.get(url)
    assert _queries(lambda: client.get(url)) == one
    rows = response.context["rows"]
    assert len(rows) == 3
    for row in rows:
        ag = Agreement.objects.get(pk=row["agreement"].pk)
        assert row["due"] == services.self_evaluation_due(ag)
    assert any(row["due"] == timezone.localdate() + datetime.timedelta(days=23) for row in rows)


def test_an_employee_is_asked_for_input_and_the_task_reads_no_agreement_content(cast, signed, staff):
    from resultatavtaler.evaluations.models import InputInvitation

    deadline = timezone.localdate() + datetime.timedelta(days=7)
    ir = services.input_request_create(agreement=signed, actor=cast.leader, deadline=deadline)
    invitation = InputInvitation.objects.get(request=ir, person=cast.employee)
    with CaptureQueriesContext(connection) as read:
        tasks = tasks_for(cast.employee).tasks
    assert [(t.title, t.url, t.due, t.detail) for t in tasks] == [(
        f"Answer the input request on {signed.unit.name}",
        reverse("evaluations:answer_invitation", args=[invitation.pk]), deadline, cast.leader.name,
    )]
    # The task names the unit and its leader: the agreement's sections and the request's form
    # and results stay unread.
    selected = [q["sql"].split(" FROM ")[0] for q in read.captured_queries
                if '"evaluations_inputinvitation"."id"' in q["sql"]]
    assert len(selected) == 1
    assert not any(f'"{column}"' in selected[0] for column in ("sections", "form", "results"))
    # Answered, the task is gone.
    services.input_answer_submit(invitation=invitation, ratings={str(r["id"]): 3 for r in ir.form["requirements"]},
                                 comments={}, comment="")
    assert tasks_for(cast.employee) is None
