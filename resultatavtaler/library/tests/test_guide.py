"""The introduction guide: the seed's interview questions in three languages, ticked per
department by a process owner."""

import pytest
from django.urls import reverse
from django.utils import translation

from resultatavtaler.core_errors import PermissionDeniedError
from resultatavtaler.library import selectors, services
from resultatavtaler.library.guide_data import GROUPS, ITEM_KEYS
from resultatavtaler.library.models import GuideProgress


def test_the_questions_are_the_seeds_five_and_four_in_three_languages():
    es, ad = GROUPS
    assert len(es["items"]) == 5 and len(ad["items"]) == 4
    assert es["items"][1]["nb"] == "Hvordan stilles resultatkrav til seksjonssjefene i dag?"
    assert ad["items"][3]["nb"] == "Hvordan involvere medarbeidere?"
    for item in es["items"] + ad["items"]:
        assert item["nb"] and item["nn"] and item["en"] and len({item["nb"], item["nn"], item["en"]}) == 3


def test_a_process_owner_ticks_and_unticks_items_per_department(cast):
    done = services.guide_set_progress(unit=cast.department, actor=cast.process_owner, done_keys=["es-1", "ad-4"])
    assert {g.item_key for g in done} == {"es-1", "ad-4"} and done[0].done_by == cast.process_owner
    first = GuideProgress.objects.get(unit=cast.department, item_key="es-1").done_at
    services.guide_set_progress(unit=cast.department, actor=cast.process_owner, done_keys=["es-1", "es-2"])
    keys = set(GuideProgress.objects.filter(unit=cast.department).values_list("item_key", flat=True))
    assert keys == {"es-1", "es-2"}
    assert GuideProgress.objects.get(unit=cast.department, item_key="es-1").done_at == first
    (unit,) = selectors.guide_units(cast.process_owner)
    assert unit == cast.department and unit.guide_done == 2 and unit.guide_total == len(ITEM_KEYS) == 9
    with pytest.raises(PermissionDeniedError):
        services.guide_set_progress(unit=cast.department, actor=cast.superior, done_keys=["es-1"])


def test_the_checklist_page_in_each_language(cast, client_for):
    client = client_for(cast.process_owner)
    assert "Administrasjonsavdelingen" in client.get(reverse("guide:index")).content.decode()
    url = reverse("guide:unit", args=[cast.department.pk])
    assert client.post(url, {"done": ["es-3"]}).status_code == 302
    for lang, text in (("nb", "Konkrete områder dere ønsker å bli vurdert på?"),
                       ("nn", "Konkrete område de ønskjer å bli vurderte på?"),
                       ("en", "Specific areas you would like to be assessed on?")):
        cast.process_owner.language = lang
        cast.process_owner.save(update_fields=["language"])
        html = client.get(url).content.decode()
        assert text in html
        assert 'value="es-3" checked' in html
    translation.activate("nb")


def test_only_process_owners_open_the_guide(cast, client_for):
    assert client_for(cast.superior).get(reverse("guide:index")).status_code == 403
    assert client_for(cast.outsider).get(reverse("guide:unit", args=[cast.department.pk])).status_code in (403, 404)
