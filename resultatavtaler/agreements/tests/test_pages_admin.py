"""Administration pages for process owners (and goals and common requirements for leaders):
periods with milestones and participants, goals, templates tailored in a form (a new version
each save), common requirements and advice rules."""

from django.test import Client
from django.urls import reverse

from resultatavtaler.agreements.builtin import ensure_builtin_templates
from resultatavtaler.agreements.forms import ScaleLevelForm, TemplateCategoryForm, TemplateSectionForm
from resultatavtaler.agreements.models import (
    AdviceSetting,
    CommonRequirement,
    Goal,
    Period,
    PeriodParticipant,
    Requirement,
    Template,
)


def login(person) -> Client:
    client = Client()
    client.force_login(person.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    return client


def url(name, *args):
    return reverse(f"agreements:{name}", args=args)


def test_only_process_owners_reach_the_administration(cast):
    assert login(cast.process_owner).get(url("admin")).status_code == 200
    for person in (cast.leader, cast.employee, cast.admin_person):
        assert login(person).get(url("admin")).status_code == 403
    assert url("admin") not in login(cast.leader).get(reverse("home:index")).content.decode()


def test_create_a_period_with_milestones_and_participants(cast):
    (ad, *_rest) = ensure_builtin_templates()
    client = login(cast.process_owner)
    data = {
        "name": "2027",
        "kind": "year",
        "start": "2027-01-01",
        "end": "2027-12-31",
        "default_template": str(ad.template.pk),
        "drafts_due": "2027-01-31",
        "midyear_review": "2027-06-15",
        "self_evaluations_due": "2027-11-20",
        "assessment_from": "2027-11-23",
    }
    response = client.post(url("period_new"), data)
    assert response.status_code == 400
    assert "at least 7 days before" in response.content.decode()  # the service's rule, shown
    data["self_evaluations_due"] = "2027-11-13"
    response = client.post(url("period_new"), data)
    period = Period.objects.get(organisation=cast.organisation, name="2027")
    assert response.status_code == 302 and response.url == url("period_detail", period.pk)
    leaders = set(PeriodParticipant.objects.filter(period=period).values_list("person_id", flat=True))
    assert {cast.leader.pk, cast.superior.pk, cast.other_leader.pk} <= leaders
    # Add every employee of the leader's section, and then remove the rule again.
    response = client.post(url("period_participants", period.pk), {"action": "add", "unit": str(cast.section.pk)})
    assert response.status_code == 302
    assert PeriodParticipant.objects.filter(period=period, person=cast.employee).exists()
    rule = period.participation_rules.get()
    client.post(url("period_participants", period.pk), {"action": "remove", "rule": str(rule.pk)})
    assert not PeriodParticipant.objects.filter(period=period, person=cast.employee).exists()
    # Neither or both chosen: a message, nothing added.
    response = client.post(url("period_participants", period.pk), {"action": "add"}, follow=True)
    assert "Choose either a person or a unit." in response.content.decode()
    # Milestones changed on the period page.
    page = client.get(url("period_detail", period.pk))
    assert page.status_code == 200 and cast.leader.name in page.content.decode()
    client.post(url("period_detail", period.pk), {**data, "signing_due": "2027-02-28"})
    period.refresh_from_db()
    assert str(period.signing_due) == "2027-02-28"


def test_a_leader_adds_goals_for_their_unit_only(cast, period):
    client = login(cast.leader)
    page = client.get(url("goals", period.pk))
    assert page.status_code == 200
    assert cast.section.name in page.content.decode() and cast.department.name not in page.content.decode()
    response = client.post(
        url("goals", period.pk),
        {"unit": str(cast.section.pk), "title": "Rask saksbehandling", "source": "business_plan"},
    )
    assert response.status_code == 302
    goal = Goal.objects.get(title="Rask saksbehandling")
    assert goal.unit == cast.section
    # Naming the department (not theirs) falls back to their own unit.
    client.post(url("goals", period.pk), {"unit": str(cast.department.pk), "title": "Annet", "source": "business_plan"})
    assert Goal.objects.get(title="Annet").unit == cast.section
    assert login(cast.employee).get(url("goals", period.pk)).status_code == 403
    assert login(cast.other_leader).get(url("goal_edit", period.pk, goal.pk)).status_code == 403
    client.post(url("goal_delete", period.pk, goal.pk))
    assert not Goal.objects.filter(pk=goal.pk).exists()


def _template_post(content: dict, **changes) -> dict:
    """The tailoring form's POST data for `content`, as the page shows it."""
    data = {f"title_{k}": v for k, v in content["title"].items()}
    data["change_note"] = changes.pop("change_note", "")
    for prefix, items, form_class in (
        ("sections", content["sections"], TemplateSectionForm),
        ("categories", content["categories"], TemplateCategoryForm),
        ("scale", content["scale"], ScaleLevelForm),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(items) + 1)
        data[f"{prefix}-INITIAL_FORMS"] = str(len(items))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for i, item in enumerate(items):
            initial = form_class.initial_from(item)
            if prefix != "scale":
                initial["ORDER"] = i + 1
            for key, value in initial.items():
                if value is None or value is False:
                    continue
                if value is True:
                    value = "on"
                if isinstance(value, list):
                    data[f"{prefix}-{i}-{key}"] = value
                else:
                    data[f"{prefix}-{i}-{key}"] = str(value)
    data.update(changes)
    return data


def test_copy_a_builtin_template_and_tailor_it_in_a_form(cast):
    (ad, *_rest) = ensure_builtin_templates()
    client = login(cast.process_owner)
    response = client.post(url("template_copy", ad.template.pk))
    copy = Template.objects.get(organisation=cast.organisation)
    assert response.status_code == 302 and response.url == url("template_edit", copy.pk)
    page = client.get(response.url)
    assert page.status_code == 200
    content = copy.latest_version().content
    professional = next(i for i, c in enumerate(content["categories"]) if c["key"] == "professional")
    data = _template_post(
        content,
        change_note="Tre til fire krav",
        **{
            f"categories-{professional}-recommended_min": "3",
            f"categories-{professional}-recommended_max": "4",
            f"categories-{professional}-columns": ["indicator", "evaluation", "self_evaluation"],
            "sections-0-DELETE": "on",
            f"sections-{len(content['sections'])}-key": "expectations",
            f"sections-{len(content['sections'])}-heading_nb": "Forventninger til ekspedisjonssjef:",
            f"sections-{len(content['sections'])}-placement": "after",
            f"sections-{len(content['sections'])}-ORDER": "99",
        },
    )
    response = client.post(url("template_edit", copy.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    version = copy.latest_version()
    assert version.number == 2 and version.change_note == "Tre til fire krav"
    category = version.category("professional")
    assert (category["recommended_min"], category["recommended_max"]) == (3, 4)
    assert category["columns"] == ["indicator", "evaluation", "self_evaluation"]
    assert category["column_headings"]["self_evaluation"]["nb"]
    assert version.sections[0]["key"] != content["sections"][0]["key"]  # the first one deleted
    assert version.sections[-1]["key"] == "expectations"
    assert version.sections[-1]["heading"] == {"nb": "Forventninger til ekspedisjonssjef:", "nn": "", "en": ""}
    # Nothing changed: refused with a message, no new version.
    response = client.post(url("template_edit", copy.pk), _template_post(version.content))
    assert response.status_code == 400 and "Nothing was changed." in response.content.decode()
    assert copy.latest_version().number == 2
    # A built-in template is not reachable for editing, another organisation's copy is not either.
    assert client.get(url("template_edit", ad.template.pk)).status_code == 404
    assert login(cast.outsider).get(url("template_edit", copy.pk)).status_code == 404


def test_common_requirements_reach_open_agreements(cast, period, draft):
    client = login(cast.process_owner)
    assert client.get(url("common_requirements", period.pk)).status_code == 200
    response = client.post(
        url("common_requirements", period.pk),
        {
            "unit": "",
            "category_key": "general",
            "number": "3.1",
            "text": "Delegering av arbeidsoppgaver",
            "indicators": "Engasjement\nSelvstendighet",
        },
    )
    assert response.status_code == 302
    cr = CommonRequirement.objects.get(period=period)
    copy = Requirement.objects.get(agreement=draft, common_requirement=cr)
    assert list(copy.indicators.values_list("text", flat=True)) == ["Engasjement", "Selvstendighet"]
    client.post(
        url("common_requirement_edit", cr.pk),
        {"number": "3.1", "text": "Delegering og oppfølging", "indicators": "Engasjement"},
    )
    copy.refresh_from_db()
    assert copy.text == "Delegering og oppfølging"
    # The section leader may set common requirements for their subtree, not for the organisation.
    leader = login(cast.leader)
    page = leader.get(url("common_requirements", period.pk)).content.decode()
    assert '<option value="">The whole organisation</option>' not in page
    assert leader.get(url("common_requirement_edit", cr.pk)).status_code == 403
    client.post(url("common_requirement_delete", cr.pk))
    assert not Requirement.objects.filter(agreement=draft, common_requirement__isnull=False).exists()


def test_adopt_a_templates_common_examples(cast, period, draft):
    (ad, *_rest) = ensure_builtin_templates()
    client = login(cast.process_owner)
    client.post(url("common_requirements_adopt", period.pk), {"template": str(ad.template.pk)})
    assert CommonRequirement.objects.filter(period=period).count() >= 4
    assert Requirement.objects.filter(agreement=draft, common_requirement__isnull=False).count() >= 4


def test_advice_rules_made_blocking(cast):
    client = login(cast.process_owner)
    assert client.get(url("advice_settings")).status_code == 200
    client.post(url("advice_settings"), {"blocking": ["Q3", "Q9", "nonsense"]})
    assert set(
        AdviceSetting.objects.filter(organisation=cast.organisation, blocking=True).values_list("rule_code", flat=True)
    ) == {"Q3", "Q9"}
    client.post(url("advice_settings"), {"blocking": ["Q9"]})
    assert not AdviceSetting.objects.get(organisation=cast.organisation, rule_code="Q3").blocking
