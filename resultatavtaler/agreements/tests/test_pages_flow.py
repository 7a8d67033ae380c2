"""The agreement pages, driven through the test client as the people who use them: the leader
drafts, the unit comments, the superior reviews, returns and signs, the employee sees exactly
the published parts, and a renegotiation shows its diff. Also: stale forms, forged ids and
refusals shown as messages (never a 500)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from resultatavtaler.agreements import services
from resultatavtaler.agreements.models import Agreement, AgreementVersion, Comment, Requirement

from .conftest import add, fresh


def login(person) -> Client:
    client = Client()
    client.force_login(person.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    return client


def url(name, *args, **kwargs):
    return reverse(f"agreements:{name}", args=args, kwargs=kwargs)


def html(response) -> str:
    return response.content.decode()


def lock(agreement) -> str:
    return str(fresh(agreement).lock_version)


def test_leader_and_superior_do_the_whole_flow_in_the_browser(cast, period):
    services.period_participants_refresh(period=period)
    leader, superior, employee = login(cast.leader), login(cast.superior), login(cast.employee)

    # My agreements: the period waits for a start.
    page = html(leader.get(url("list")))
    assert url("start", period.pk) in page

    # Start from the period's template.
    start_page = leader.get(url("start", period.pk))
    assert start_page.status_code == 200
    response = leader.post(
        url("start", period.pk), {"template_version": str(period.default_template.latest_version().pk)}
    )
    agreement = Agreement.objects.get(leader=cast.leader, period=period)
    assert response.status_code == 302 and response.url == url("detail", agreement.pk)

    # The agreement page in the template's layout: headings and the seed's guidance.
    page = html(leader.get(url("detail", agreement.pk)))
    # (in English: the page follows the reader's language, as the template does)
    assert "The section&#x27;s goals and tasks:" in page or "The section's goals and tasks:" in page
    assert "A short description (max. 5 lines)" in page
    assert "1. Professional requirements (for the individual leader/section)" in page
    assert "Submit to Sverre Sjef" in page  # the one next action

    # Edit a section (at most five lines).
    response = leader.post(
        url("section_edit", agreement.pk, "section_goals"),
        {"lock_version": lock(agreement), "text": "Seksjonen har ansvar for personalforvaltning."},
    )
    assert response.status_code == 302
    too_long = "\n".join(f"linje {i}" for i in range(7))
    response = leader.post(
        url("section_edit", agreement.pk, "section_goals"), {"lock_version": lock(agreement), "text": too_long}
    )
    assert response.status_code == 400 and "at most 5 lines" in html(response)
    assert fresh(agreement).sections["section_goals"] == "Seksjonen har ansvar for personalforvaltning."

    # Add a requirement with a measurable indicator.
    response = leader.post(
        url("requirement_add", agreement.pk, "professional"),
        {
            "lock_version": lock(agreement),
            "text": "Redusere sykefraværet i seksjonen",
            "binds": "unit",
            "perspective": "employees",
            "evaluation_method": "Tilbakemelding fra medarbeidere",
            "public": "on",
            "indicator_text": "Sykefravær",
            "indicator_metric": "Sykefravær",
            "indicator_unit": "%",
            "indicator_baseline": "6,5",
            "indicator_target_value": "4,5",
            "indicator_deadline": "2026-12-31",
        },
    )
    assert response.status_code == 302, html(response)
    requirement = Requirement.objects.get(agreement=agreement, text="Redusere sykefraværet i seksjonen")
    indicator = requirement.indicators.get()
    assert indicator.target_value == Decimal("4.5") and indicator.baseline == Decimal("6.5")
    assert requirement.number == "1.1"
    private = add(fresh(agreement), cast.leader, category_key="personal_development", text="Bli tydeligere i møter")
    page = html(leader.get(url("detail", agreement.pk)))
    assert "Redusere sykefraværet i seksjonen" in page and "Sykefravær" in page

    # Publication: the personal requirement and one section stay inside.
    response = leader.post(
        url("publication", agreement.pk),
        {
            "lock_version": lock(agreement),
            "section_introduction": "on",
            "section_section_goals": "on",
            "section_position_responsibilities": "on",
            "section_assessment_plan": "on",
            f"requirement_{requirement.pk}": "on",
        },
    )
    assert response.status_code == 302
    assert fresh(agreement).publication_decided and not fresh(private).public

    # Share with the unit; the employee reads the draft and comments.
    assert leader.post(url("action", agreement.pk, "share")).status_code == 302
    page = html(employee.get(url("detail", agreement.pk)))
    assert "Redusere sykefraværet i seksjonen" in page
    response = employee.post(url("action", agreement.pk, "comment"), {"text": "Husk hjemmekontor.", "requirement": ""})
    assert response.status_code == 302
    assert Comment.objects.get(author=cast.employee).kind == "unit"

    # Submit.
    response = leader.post(url("action", agreement.pk, "submit"), {"lock_version": lock(agreement)})
    assert response.status_code == 302 and fresh(agreement).state == "in_review"

    # The superior reviews: coverage, a comment on the requirement, then returns it.
    review = superior.get(url("review", agreement.pk))
    assert review.status_code == 200
    assert "How your own requirements and goals are carried" in html(review)
    response = superior.post(
        url("action", agreement.pk, "comment"),
        {"text": "Sett et mer ambisiøst mål.", "requirement": str(requirement.pk), "next": "review"},
    )
    assert response.status_code == 302 and response.url == url("review", agreement.pk)
    assert Comment.objects.get(author=cast.superior).requirement_id == requirement.pk
    assert "Sett et mer ambisiøst mål." in html(leader.get(url("detail", agreement.pk)))
    response = superior.post(
        url("action", agreement.pk, "return"), {"lock_version": lock(agreement), "text": "Juster målet."}
    )
    assert response.status_code == 302 and fresh(agreement).state == "draft"

    # The leader adjusts and submits again.
    response = leader.post(
        url("indicator_edit", agreement.pk, indicator.pk),
        {
            "lock_version": lock(agreement),
            "text": "Sykefravær",
            "unit": "%",
            "target_value": "4",
        },
    )
    assert response.status_code == 302
    assert fresh(indicator).target_value == Decimal("4")
    leader.post(url("action", agreement.pk, "submit"), {"lock_version": lock(agreement)})
    assert fresh(agreement).state == "in_review"

    # Both sign: the next action is "Sign" for each, then it is in force.
    assert "Sign the agreement" in html(leader.get(url("detail", agreement.pk)))
    leader.post(url("action", agreement.pk, "sign"), {"lock_version": lock(agreement)})
    assert "Waiting for Sverre Sjef to sign" in html(leader.get(url("detail", agreement.pk)))
    response = superior.post(url("action", agreement.pk, "sign"), {"lock_version": lock(agreement)})
    assert response.status_code == 302
    agreement = fresh(agreement)
    assert agreement.state == "signed" and agreement.in_force_version.number == 1

    # The employee sees exactly the published parts.
    for page_url in (url("detail", agreement.pk), url("unit")):
        page = html(employee.get(page_url))
        assert "Redusere sykefraværet i seksjonen" in page
        assert "Seksjonen har ansvar for personalforvaltning." in page
        assert "Bli tydeligere i møter" not in page
        assert "Kontakt- og kommunikasjonsnettverket" not in page  # the section kept inside
        assert "Sett et mer ambisiøst mål." not in page  # comments are not published

    # Renegotiation: a reason, changes, the diff, signed again.
    assert "Start a renegotiation" in html(leader.get(url("detail", agreement.pk)))
    response = leader.post(url("renegotiate", agreement.pk), {"lock_version": lock(agreement), "text": ""})
    assert response.status_code == 400 and fresh(agreement).state == "signed"
    response = leader.post(
        url("renegotiate", agreement.pk), {"lock_version": lock(agreement), "text": "Ny organisering fra august."}
    )
    assert response.status_code == 302 and fresh(agreement).state == "draft"
    leader.post(
        url("requirement_edit", agreement.pk, requirement.pk),
        {
            "lock_version": lock(agreement),
            "text": "Redusere sykefraværet til under 4 %",
            "binds": "unit",
            "perspective": "employees",
            "public": "on",
        },
    )
    leader.post(url("requirement_remove", agreement.pk, private.pk), {"lock_version": lock(agreement)})
    leader.post(
        url("requirement_add", agreement.pk, "professional"),
        {"lock_version": lock(agreement), "text": "Innføre ny saksbehandlingsrutine", "binds": "unit", "public": "on"},
    )
    changes = html(leader.get(url("changes", agreement.pk)))
    assert "Ny organisering fra august." in changes
    assert "Innføre ny saksbehandlingsrutine" in changes  # added
    assert "Bli tydeligere i møter" in changes  # removed
    assert "Redusere sykefraværet til under 4 %" in changes  # changed
    # The unit still sees the signed version while the revision is drafted.
    page = html(employee.get(url("unit")))
    assert "Redusere sykefraværet i seksjonen" in page and "Innføre ny saksbehandlingsrutine" not in page
    leader.post(url("action", agreement.pk, "submit"), {"lock_version": lock(agreement)})
    leader.post(url("action", agreement.pk, "sign"), {"lock_version": lock(agreement)})
    superior.post(url("action", agreement.pk, "sign"), {"lock_version": lock(agreement)})
    agreement = fresh(agreement)
    assert agreement.state == "signed" and agreement.in_force_version.number == 2
    diff = html(leader.get(url("diff", agreement.pk, 1, 2)))
    assert "Added requirements (1)" in diff and "Removed requirements (1)" in diff
    assert "Ny organisering fra august." in diff
    history = html(superior.get(url("history", agreement.pk)))
    assert "Version 2" in history and "Live Leder" in history
    assert "Innføre ny saksbehandlingsrutine" in html(employee.get(url("unit")))


def test_reorder_with_up_and_down_buttons(cast, draft):
    first = add(draft, cast.leader, text="Første")
    second = add(draft, cast.leader, text="Andre")
    client = login(cast.leader)
    response = client.post(
        url("requirement_move", draft.pk, second.pk), {"lock_version": lock(draft), "direction": "up"}
    )
    assert response.status_code == 302
    assert (fresh(second).number, fresh(first).number) == ("1.1", "1.2")
    page = html(client.get(url("detail", draft.pk)))
    assert page.index("Andre") < page.index("Første")


def test_a_stale_form_is_refused_and_says_what_changed(cast, draft):
    """Two people on the same page: the second save is refused with the first one's change."""
    requirement = add(draft, cast.leader, text="Opprinnelig krav")
    services.agreement_submit(agreement=fresh(draft), actor=cast.leader)
    leader, superior = login(cast.leader), login(cast.superior)
    edit = url("requirement_edit", draft.pk, requirement.pk)
    leader_page, superior_page = html(leader.get(edit)), html(superior.get(edit))
    version = lock(draft)
    assert f'name="lock_version" value="{version}"' in leader_page and version in superior_page
    seen_at = leader_page.split('name="seen_at" value="')[1].split('"')[0]
    base = {"binds": "unit", "perspective": "", "public": "on", "lock_version": version, "seen_at": seen_at}
    assert superior.post(edit, {**base, "text": "Sjefens versjon"}).status_code == 302
    response = leader.post(edit, {**base, "text": "Lederens versjon"})
    assert response.status_code == 409
    page = html(response)
    assert "Someone else changed the agreement" in page
    assert "Sverre Sjef changed the requirement 1.1" in page
    assert "Lederens versjon" in page  # what the leader typed is kept
    assert fresh(requirement).text == "Sjefens versjon"
    # The same on a button of the agreement page (a move with an old lock version).
    response = leader.post(url("action", draft.pk, "sign"), {"lock_version": version, "seen_at": seen_at})
    assert response.status_code == 409 and "Sverre Sjef changed the requirement 1.1" in html(response)
    assert not AgreementVersion.objects.filter(agreement=draft).exists()


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("detail", {}),
        ("review", {}),
        ("history", {}),
        ("publication", {}),
        ("renegotiate", {}),
        ("section_edit", {"key": "section_goals"}),
        ("requirement_add", {"category": "professional"}),
    ],
)
def test_forged_ids_answer_404_across_organisations_and_403_without_a_right(cast, draft, name, kwargs):
    target = url(name, pk=draft.pk, **kwargs)
    assert login(cast.outsider).get(target).status_code == 404
    assert login(cast.other_leader).get(target).status_code == 403


def test_forged_requirement_and_indicator_ids(cast, period, draft):
    other = services.agreement_start(period=period, leader=cast.other_leader, actor=cast.other_leader)
    foreign = add(other, cast.other_leader, text="Andres krav", indicators=["Andres indikator"])
    client = login(cast.leader)
    # Another agreement's requirement named under my agreement: it does not exist here.
    assert client.get(url("requirement_edit", draft.pk, foreign.pk)).status_code == 404
    assert (
        client.post(url("requirement_remove", draft.pk, foreign.pk), {"lock_version": lock(draft)}).status_code == 404
    )
    assert client.get(url("indicator_edit", draft.pk, foreign.indicators.get().pk)).status_code == 404
    assert Requirement.objects.filter(pk=foreign.pk).exists()
    # The other leader's agreement itself: no right.
    assert client.post(url("action", other.pk, "submit"), {"lock_version": lock(other)}).status_code == 403
    assert client.get(url("requirement_edit", other.pk, foreign.pk)).status_code == 403
    assert fresh(other).state == "draft"


def test_refusals_are_messages_never_500(cast, draft):
    leader, superior = login(cast.leader), login(cast.superior)
    # Return without saying what to change.
    add(draft, cast.leader, text="Krav")
    leader.post(url("action", draft.pk, "submit"), {"lock_version": lock(draft)})
    response = superior.post(url("action", draft.pk, "return"), {"lock_version": lock(draft), "text": " "})
    assert response.status_code == 400 and "Say what should be changed" in html(response)
    # Submitting twice.
    response = leader.post(url("action", draft.pk, "submit"), {"lock_version": lock(draft)})
    assert response.status_code == 400 and "Only a draft can be submitted" in html(response)
    # A lock version that is no number is treated as none: the superior signs what is there.
    response = superior.post(url("action", draft.pk, "sign"), {"lock_version": "x"})
    assert response.status_code == 302
    # The employee is not allowed to sign.
    response = login(cast.employee).post(url("action", draft.pk, "sign"), {})
    assert response.status_code == 403
    # Editing a signed agreement sends the person back with the reason.
    leader.post(url("action", draft.pk, "sign"), {"lock_version": lock(draft)})
    assert fresh(draft).state == "signed"
    response = leader.get(url("section_edit", draft.pk, "section_goals"), follow=True)
    assert "Start a renegotiation to change it" in html(response)
    response = leader.post(
        url("requirement_move", draft.pk, draft.requirements.first().pk),
        {"lock_version": lock(draft), "direction": "down"},
    )
    assert response.status_code == 400 and "can no longer be changed" in html(response)
    assert leader.post(url("action", draft.pk, "nonsense")).status_code == 404
    assert leader.get(url("action", draft.pk, "sign")).status_code == 405


def test_an_unknown_section_or_category_is_404(cast, draft):
    client = login(cast.leader)
    assert client.get(url("section_edit", draft.pk, "nope")).status_code == 404
    assert client.get(url("section_edit", draft.pk, "holder")).status_code == 404  # not a text section
    assert client.get(url("requirement_add", draft.pk, "general")).status_code == 404  # the common category


def test_common_requirements_are_read_only_in_their_category(cast, period, draft):
    services.common_requirement_create(
        period=period, actor=cast.process_owner, category_key="general", number="3.1", text="Delegering av oppgaver"
    )
    common = Requirement.objects.get(agreement=draft, common_requirement__isnull=False)
    client = login(cast.leader)
    page = html(client.get(url("detail", draft.pk)))
    assert "Delegering av oppgaver" in page and "Common requirement" in page
    assert url("requirement_edit", draft.pk, common.pk) not in page
    response = client.get(url("requirement_edit", draft.pk, common.pk), follow=True)
    assert "read-only in the agreement" in html(response)


def test_the_advice_panel_cites_the_seed(cast, draft):
    page = html(login(cast.leader).get(url("detail", draft.pk)))
    assert "Q1" in page and "Q11" in page
    assert "Antall krav til lederen bør begrenses" in page  # Q2's passage
    assert 'lang="nb"' in page


def test_a_blocking_advice_rule_refuses_submission_with_its_message(cast, draft):
    po = login(cast.process_owner)
    assert po.post(url("advice_settings"), {"blocking": ["Q8"]}).status_code == 302
    response = login(cast.leader).post(url("action", draft.pk, "submit"), {"lock_version": lock(draft)})
    assert response.status_code == 400 and "Q8" in html(response)
    assert fresh(draft).state == "draft"


def test_starting_from_last_period_carries_over_the_chosen_requirements(cast, period, draft):
    keep = add(draft, cast.leader, text="Videreføres")
    add(draft, cast.leader, text="Faller bort")
    next_period = services.period_create(
        organisation=cast.organisation,
        actor=cast.process_owner,
        name="2027",
        start=period.end.replace(year=2027, month=1, day=1),
        end=period.end.replace(year=2027),
        default_template=period.default_template,
    )
    client = login(cast.leader)
    page = html(client.get(url("start", next_period.pk)))
    assert "Videreføres" in page and "Faller bort" in page
    response = client.post(
        url("start", next_period.pk),
        {"template_version": "", "from_previous": "on", "carry_over": [str(keep.pk)]},
    )
    assert response.status_code == 302
    new = Agreement.objects.get(leader=cast.leader, period=next_period)
    assert list(new.requirements.values_list("text", flat=True)) == ["Videreføres"]
    # Starting twice goes to the existing agreement.
    assert client.get(url("start", next_period.pk)).url == url("detail", new.pk)


def test_to_review_lists_my_leaders_by_state(cast, period, draft):
    other = services.agreement_start(period=period, leader=cast.other_leader, actor=cast.other_leader)
    add(draft, cast.leader, text="Krav")
    services.agreement_submit(agreement=fresh(draft), actor=cast.leader)
    page = html(login(cast.superior).get(url("to_review")))
    assert page.index("In review") < page.index("Draft")
    assert url("review", draft.pk) in page and url("detail", other.pk) in page
    assert cast.leader.name not in html(login(cast.other_leader).get(url("to_review")))


def test_alignment_for_leaders_not_for_employees(cast, period, draft):
    services.goal_create(period=period, unit=cast.department, actor=cast.superior, title="Et godt arbeidsmiljø")
    assert login(cast.employee).get(url("alignment")).status_code == 403
    page = html(login(cast.superior).get(url("alignment")))
    assert "Et godt arbeidsmiljø" in page and "Gap: carried by no requirement" in page
    assert cast.leader.name in page


def test_navigation_from_the_registry(cast, draft):
    employee_page = html(login(cast.employee).get(reverse("home:index")))
    assert url("list") in employee_page and url("admin") not in employee_page
    assert reverse("feedback:index") in employee_page
    po_page = html(login(cast.process_owner).get(url("period_detail", draft.period_id)))
    nav = po_page.split('class="site-nav"')[1].split("</nav>")[0]
    assert nav.count('aria-current="page"') == 1
    assert f'href="{url("admin")}" aria-current="page"' in nav
