"""The seed's three-level scale by default, an organisation's own scale, and stored ratings
that keep the scale they were given on."""

import pytest

from resultatavtaler.core_errors import DomainError, PermissionDeniedError
from resultatavtaler.evaluations import services
from resultatavtaler.evaluations.models import SelfRating
from resultatavtaler.evaluations.scales import scale_for, validate_levels

from .conftest import all_ratings

FOUR = [
    {"value": 1, "label": {"nb": "ikke nådd", "nn": "ikkje nådd", "en": "not reached"}},
    {"value": 2, "label": {"nb": "delvis nådd", "nn": "delvis nådd", "en": "partly reached"}},
    {"value": 3, "label": {"nb": "nådd", "nn": "nådd", "en": "reached"}},
    {"value": 4, "label": {"nb": "overgått", "nn": "overgått", "en": "exceeded"}},
]


def test_the_default_scale_is_the_seeds_three_levels(signed):
    scale = scale_for(signed)
    assert [lv["value"] for lv in scale] == [1, 2, 3]
    assert scale[0]["label"]["nb"] == "liten grad (forbedres)"
    assert scale[1]["label"]["nb"] == "tilfredsstillende (middels)"
    assert scale[2]["label"]["nb"] == "stor grad (meget bra)"
    assert all(lv["label"]["nn"] and lv["label"]["en"] for lv in scale)


def test_a_rating_is_stored_with_its_label_in_three_languages(signed, leader):
    services.self_evaluation_save(agreement=signed, actor=leader, ratings=all_ratings(signed, 3), summary="")
    rating = SelfRating.objects.filter(self_evaluation__agreement=signed).first()
    assert rating.value == 3
    assert rating.label == {"nb": "stor grad (meget bra)", "nn": "stor grad (svært bra)",
                            "en": "to a great extent (very good)"}


def test_a_custom_scale_in_use_applies_to_new_evaluations(signed, leader, process_owner):
    services.scale_create(actor=process_owner, name="Fire nivåer", levels=FOUR, in_use=True)
    assert [lv["value"] for lv in scale_for(signed)] == [1, 2, 3, 4]
    services.self_evaluation_save(agreement=signed, actor=leader, ratings=all_ratings(signed, 4), summary="")
    assert SelfRating.objects.filter(self_evaluation__agreement=signed).first().label["en"] == "exceeded"


def test_ratings_keep_their_scale_when_the_organisation_changes_it(signed, leader, process_owner):
    services.self_evaluation_save(agreement=signed, actor=leader, ratings=all_ratings(signed, 2), summary="")
    services.scale_create(actor=process_owner, name="Fire nivåer", levels=FOUR, in_use=True)
    rating = SelfRating.objects.filter(self_evaluation__agreement=signed).first()
    assert rating.label["nb"] == "tilfredsstillende (middels)"
    # The evaluation already begun keeps its own copy: level 4 does not exist on it.
    with pytest.raises(DomainError):
        services.self_evaluation_save(agreement=signed, actor=leader, ratings=all_ratings(signed, 4), summary="")
    assert SelfRating.objects.filter(self_evaluation__agreement=signed).first().label["nb"] == \
        "tilfredsstillende (middels)"


def test_a_value_off_the_scale_is_refused_and_nothing_changes(signed, leader):
    with pytest.raises(DomainError):
        services.self_evaluation_save(agreement=signed, actor=leader, ratings=all_ratings(signed, 7), summary="x")
    assert not SelfRating.objects.exists()


@pytest.mark.parametrize("levels", [
    FOUR[:1],
    [FOUR[1], FOUR[0]],
    [{"value": 1, "label": {"nb": "a", "nn": "", "en": "a"}}, FOUR[1]],
    [{"value": "x", "label": FOUR[0]["label"]}, FOUR[1]],
])
def test_bad_scales_are_refused(levels):
    with pytest.raises(DomainError):
        validate_levels(levels)


def test_only_the_process_owner_defines_scales(leader, superior):
    for person in (leader, superior):
        with pytest.raises(PermissionDeniedError):
            services.scale_create(actor=person, name="X", levels=FOUR)


def test_the_scales_page(client_for, process_owner, leader):
    c = client_for(process_owner)
    r = c.post("/oppfolging/skalaer/", {"action": "create", "name": "Fire", "in_use": "on",
                                         "levels": "1 | ikke nådd | ikkje nådd | not reached\n"
                                                   "2 | nådd | nådd | reached"})
    assert r.status_code == 302
    assert "ikke nådd" in c.get("/oppfolging/skalaer/").content.decode()
    assert client_for(leader).get("/oppfolging/skalaer/").status_code == 403
