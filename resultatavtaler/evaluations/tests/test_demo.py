"""The demo follow-up: last year's agreement closed with its evidence, an open input request
this year, and a second run writes nothing."""

import pytest

from resultatavtaler.agreements import demo as agreements_demo
from resultatavtaler.evaluations import demo
from resultatavtaler.evaluations.models import Assessment, InputRequest, Measurement, SelfEvaluation
from resultatavtaler.evaluations.selectors import open_invitations_for
from resultatavtaler.organisations import demo as organisations_demo


@pytest.mark.django_db
def test_demo_follow_up_loads_once(client):
    orgs = organisations_demo.load()
    agreements_demo.load(orgs)
    first = demo.load(orgs)
    assert "closed agreements 1" in first
    counts = (Measurement.objects.count(), InputRequest.objects.count(), Assessment.objects.count())
    assert demo.load(orgs).startswith("nothing to do")
    assert (Measurement.objects.count(), InputRequest.objects.count(), Assessment.objects.count()) == counts

    leader = orgs.person("leder")
    closed = leader.agreements.get(period__name="2025")
    assert closed.state == "closed"
    assert Measurement.objects.filter(indicator__requirement__agreement=closed).count() == 12
    results = InputRequest.objects.get(agreement=closed).results
    assert results["shown"] and results["total"] == 7
    assert SelfEvaluation.objects.get(agreement=closed).submitted_at.year == 2025
    assert open_invitations_for(orgs.person("ansatt")).exists()
    client.force_login(leader.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    page = client.get(f"/oppfolging/avtale/{closed.pk}/").content.decode()
    assert "Sykefravær i prosent" in page and 'role="img"' in page
