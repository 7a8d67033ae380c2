"""Every page of the follow-up renders for the person it is for, in all three languages, and
the answer form needs no login."""

import datetime

import pytest
from django.utils import timezone

from resultatavtaler.evaluations import services
from resultatavtaler.evaluations.models import InputInvitation

from .conftest import all_ratings


@pytest.fixture
def busy(signed, leader, superior, staff, indicator):
    services.measurement_record(indicator=indicator, actor=leader, date=datetime.date(2026, 1, 31), value="6.0",
                                source="HR")
    services.measurement_record(indicator=indicator, actor=leader, date=datetime.date(2026, 2, 28), value="5.5",
                                source="HR")
    ir = services.input_request_create(agreement=signed, actor=leader, deadline=timezone.localdate())
    services.midyear_review_record(agreement=signed, actor=leader, date=timezone.localdate(), notes="Midtveis")
    services.self_evaluation_save(agreement=signed, actor=leader, ratings=all_ratings(signed), summary="Sum")
    return ir


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_leaders_pages(busy, signed, leader, client_for, language):
    leader.language = language
    leader.save(update_fields=["language"])
    c = client_for(leader)
    for url in ("/oppfolging/", f"/oppfolging/avtale/{signed.pk}/", f"/oppfolging/avtale/{signed.pk}/egenevaluering/",
                f"/oppfolging/avtale/{signed.pk}/maalinger/", f"/oppfolging/avtale/{signed.pk}/maalinger/import/",
                f"/oppfolging/avtale/{signed.pk}/innhenting/ny/", f"/oppfolging/avtale/{signed.pk}/justering/",
                f"/oppfolging/innhenting/{busy.pk}/", "/"):
        r = c.get(url)
        assert r.status_code == 200, url
        assert f'lang="{language}"' in r.content.decode()


def test_the_superiors_pages(busy, signed, superior, client_for):
    c = client_for(superior)
    for url in (f"/oppfolging/avtale/{signed.pk}/", f"/oppfolging/avtale/{signed.pk}/samtale/"):
        assert c.get(url).status_code == 200, url


def test_the_answer_form_by_link_and_from_the_home_page(busy, cast, client, client_for):
    inv = InputInvitation.objects.get(request=busy, person=cast.employee)
    token = "z" * 43
    InputInvitation.objects.filter(pk=inv.pk).update(token_hash=services.token_hash(token))
    page = client.get(f"/oppfolging/svar/{token}/")
    assert page.status_code == 200 and "Redusere sykefraværet" in page.content.decode()
    assert client.get("/oppfolging/svar/unknown/").status_code == 404
    c = client_for(cast.employee)
    home = c.get("/").content.decode()
    assert f"/oppfolging/invitasjon/{inv.pk}/" in home
    reqs = busy.form["requirements"]
    r = c.post(f"/oppfolging/invitasjon/{inv.pk}/", {f"rating-{reqs[0]['id']}": "3", "comment": "Bra"})
    assert r.status_code == 302 and c.get(r.url).status_code == 200
    assert f"/oppfolging/invitasjon/{inv.pk}/" not in c.get("/").content.decode()
    # Someone else's invitation does not exist for you.
    assert client_for(cast.leader).get(f"/oppfolging/invitasjon/{inv.pk}/").status_code == 404
