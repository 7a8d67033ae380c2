"""The home page tasks and the minimal agreement pages."""

from django.urls import reverse

from resultatavtaler.agreements import services
from resultatavtaler.agreements.home import agreement_sections, agreement_tasks, supervised_agreements
from resultatavtaler.agreements.models import Agreement

from .conftest import add, fresh, submit


def titles(section):
    return [t.title for t in section.tasks] if section else []


def test_draft_task_with_the_drafts_due_date(cast, period):
    services.period_participants_refresh(period=period)
    section = agreement_tasks(cast.leader)
    (task,) = section.tasks
    assert task.title == "Draft your results agreement for 2026" or "2026" in task.title
    assert task.due == period.drafts_due
    assert task.url == reverse("agreements:start", args=[period.pk])


def test_review_and_sign_tasks(cast, draft):
    submit(draft)
    assert any(cast.leader.name in t for t in titles(agreement_tasks(cast.superior)))
    services.agreement_sign(agreement=fresh(draft), actor=cast.superior)
    assert not any(cast.leader.name in t for t in titles(agreement_tasks(cast.superior)))
    leader_tasks = agreement_tasks(cast.leader).tasks
    assert len(leader_tasks) == 1 and leader_tasks[0].url == reverse("agreements:detail", args=[draft.pk])
    assert cast.superior.name in leader_tasks[0].detail


def test_superiors_see_their_leaders_agreements_by_state(cast, period, draft):
    services.agreement_start(period=period, leader=cast.other_leader, actor=cast.other_leader)
    submit(draft)
    section = supervised_agreements(cast.superior)
    assert [t.title for t in section.tasks] == [cast.other_leader.name, cast.leader.name]  # draft before in review
    assert supervised_agreements(cast.employee) is None


def test_the_home_provider_reads_the_supervised_agreements_once(cast, period, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.agreement_start(period=period, leader=cast.other_leader, actor=cast.other_leader)
    submit(draft)
    with CaptureQueriesContext(connection) as separate:
        expected = [agreement_tasks(cast.superior), supervised_agreements(cast.superior)]
    with CaptureQueriesContext(connection) as together:
        sections = agreement_sections(cast.superior)
    assert [(s.title, titles(s)) for s in sections] == [(s.title, titles(s)) for s in expected]
    assert titles(sections[0]) and titles(sections[1])
    assert len(together.captured_queries) == len(separate.captured_queries) - 1
    # Own and supervised agreements in one statement, then the signatures of those in review and
    # the periods the person takes part in.
    assert len(together.captured_queries) == 3
    assert agreement_sections(None) == []


def test_home_page_shows_the_tasks(cast, period, client_for):
    services.period_participants_refresh(period=period)
    html = client_for(cast.leader).get(reverse("home:index")).content.decode()
    assert reverse("agreements:start", args=[period.pk]) in html


def test_start_page_starts_a_draft(cast, period, ad_template, client_for):
    client = client_for(cast.leader)
    assert client.get(reverse("agreements:start", args=[period.pk])).status_code == 200
    response = client.post(reverse("agreements:start", args=[period.pk]), {"template_version": ad_template.pk})
    agreement = Agreement.objects.get(leader=cast.leader)
    assert response.status_code == 302 and response.url == reverse("agreements:detail", args=[agreement.pk])
    html = client.get(response.url).content.decode()
    assert "Seksjonens mål og arbeidsoppgaver:" in html or "The section" in html


def test_detail_page_actions_and_refusals(cast, draft, client_for):
    add(draft, cast.leader, text="Sikre høy kvalitet på regnskapsfunksjonen og økonomikontrollen")
    leader = client_for(cast.leader)
    url = reverse("agreements:action", args=[draft.pk, "submit"])
    assert leader.get(url).status_code == 405
    response = leader.post(url, {"lock_version": fresh(draft).lock_version})
    assert response.status_code == 302 and fresh(draft).state == "in_review"
    # A second submit is refused with the message and a 4xx, nothing changed.
    response = leader.post(url, {})
    assert response.status_code == 400 and fresh(draft).state == "in_review"
    superior = client_for(cast.superior)
    response = superior.post(reverse("agreements:action", args=[draft.pk, "return"]), {"text": ""})
    assert response.status_code == 400
    assert superior.get(reverse("agreements:detail", args=[draft.pk])).status_code == 200
    assert client_for(cast.employee).get(reverse("agreements:detail", args=[draft.pk])).status_code == 403
    assert client_for(cast.outsider).post(url).status_code == 404


def test_list_page(cast, draft, client_for):
    html = client_for(cast.superior).get(reverse("agreements:list")).content.decode()
    assert cast.leader.name in html
    html = client_for(cast.outsider).get(reverse("agreements:list")).content.decode()
    assert cast.leader.name not in html
