"""The benchmark's data set (bench/scale.py, `manage.py generate_scale`): the shape the issue
asks for, the same data for the same seed, and versions that are real versions. No timing."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from bench.scale import generate, organisation_sizes
from resultatavtaler.agreements.models import Agreement, AgreementVersion, Indicator, Requirement
from resultatavtaler.agreements.services.versions import snapshot_of, versions_verify
from resultatavtaler.feedback.models import FeedbackRound, Invitation, LeaderProfile, Response
from resultatavtaler.organisations.models import Organisation, Person, Unit

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


class _Undo(Exception):
    pass


def _shape() -> dict:
    return {
        "organisations": list(Organisation.objects.order_by("org_number").values_list("name", "org_number")),
        "persons": list(
            Person.objects.order_by("organisation__org_number", "employee_id").values_list(
                "name", "title", "unit__code"
            )
        ),
        "units": list(Unit.objects.order_by("organisation__org_number", "code").values_list("code", "name", "depth")),
        "agreements": list(
            Agreement.objects.order_by("organisation__org_number", "period__name", "unit__code").values_list(
                "unit__code", "period__name", "state"
            )
        ),
        "requirements": Requirement.objects.count(),
        "indicators": Indicator.objects.count(),
        "responses": Response.objects.count(),
        "invitations": Invitation.objects.count(),
        "profiles": LeaderProfile.objects.count(),
    }


def _generate_and_undo(**kwargs) -> dict:
    try:
        with transaction.atomic():
            generate(today=TODAY, **kwargs)
            shape = _shape()
            raise _Undo
    except _Undo:
        pass
    return shape


def test_same_seed_gives_the_same_data_and_another_seed_other_names():
    first = _generate_and_undo(persons=120, seed=7)
    again = _generate_and_undo(persons=120, seed=7)
    other = _generate_and_undo(persons=120, seed=8)
    assert first == again
    assert first["persons"] != other["persons"]
    assert len(first["persons"]) == len(other["persons"]) == 120


def test_the_data_set_has_the_shape_of_the_state():
    generate(persons=400, seed=1, history_years=2, today=TODAY)
    sizes = organisation_sizes(400)
    assert Organisation.objects.count() == len(sizes) == 2
    assert sizes[0] == 100  # the big organisation holds a quarter of everyone
    assert Person.objects.count() == 400
    leaders = Unit.objects.exclude(leader=None).count()
    assert leaders == 40  # 10 % leaders, one per unit
    for unit in Unit.objects.select_related("parent"):
        expected = f"{unit.parent.path}{unit.pk}/" if unit.parent else f"/{unit.pk}/"
        assert unit.path == expected
        assert unit.leader.unit_id == unit.pk
    # One agreement per leader below the top and year (three years), a few not started this year.
    history = Agreement.objects.exclude(period__name=str(TODAY.year))
    assert history.count() == 2 * (leaders - 2)
    assert set(history.values_list("state", flat=True)) == {"closed"}
    assert 0 < Agreement.objects.filter(period__name=str(TODAY.year)).count() <= leaders - 2
    for agreement in Agreement.objects.all()[:50]:
        assert agreement.requirements.count() == 5
        assert agreement.superior_id == agreement.unit.parent.leader_id
    per_requirement = Indicator.objects.count() / Requirement.objects.count()
    assert 1 <= per_requirement <= 2
    # A 360 round per leader below the top, ~15 invitations each, the closed ones with a profile.
    assert FeedbackRound.objects.count() == leaders - 2
    assert 10 <= Invitation.objects.count() / FeedbackRound.objects.count() <= 16
    assert LeaderProfile.objects.count() == FeedbackRound.objects.filter(state="closed").count()


def test_signed_agreements_have_a_real_version_in_force():
    generate(persons=120, seed=2, today=TODAY)
    signed = Agreement.objects.filter(state__in=["signed", "self_evaluated", "assessed", "closed"])
    assert signed.exists()
    assert not signed.filter(in_force_version=None).exists()
    # The snapshot is what the product itself would have frozen, and the chains verify.
    for agreement in signed.select_related("in_force_version", "template_version__template")[:20]:
        assert agreement.in_force_version.snapshot == snapshot_of(agreement)
        assert agreement.in_force_version.signatures.count() == 2
    assert versions_verify() == []
    assert AgreementVersion.objects.count() == signed.count()


def test_the_command_reports_what_it_made_and_refuses_a_second_run():
    out = StringIO()
    call_command("generate_scale", persons=60, seed=1, stdout=out)
    assert "organisations.Person" in out.getvalue()
    assert Person.objects.count() == 60
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate_scale", persons=60, seed=1, stdout=StringIO())
