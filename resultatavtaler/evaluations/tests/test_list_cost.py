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
