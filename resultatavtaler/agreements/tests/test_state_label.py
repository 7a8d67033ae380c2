"""An agreement's state name comes from a memo per language; it must say what Django's own
`get_FOO_display` says, in each of the three languages, and follow the active language."""

import pytest
from django.db.models import Model
from django.utils import translation

from resultatavtaler.agreements.constants import AgreementState, state_label
from resultatavtaler.agreements.models import Agreement

EXPECTED = {
    "nb": {"in_review": "Til behandling"},
    "nn": {"in_review": "Til handsaming"},
    "en": {"in_review": "In review"},
}


def _django_display(agreement: Agreement) -> str:
    # Django's generic implementation, which the model's override replaces.
    return Model._get_FIELD_display(agreement, Agreement._meta.get_field("state"))


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_state_is_named_as_django_names_it(language):
    with translation.override(language):
        for state in AgreementState.values:
            agreement = Agreement(state=state)
            assert agreement.get_state_display() == _django_display(agreement)
            assert state_label(state) == agreement.get_state_display()
        assert state_label("in_review") == EXPECTED[language]["in_review"]


def test_the_name_follows_the_active_language_after_it_was_memorised():
    agreement = Agreement(state="in_review")
    names = []
    for language in ("nb", "nn", "en", "nb"):
        with translation.override(language):
            names.append(agreement.get_state_display())
    assert names == ["Til behandling", "Til handsaming", "In review", "Til behandling"]


def test_a_value_that_is_not_a_state_is_shown_as_it_is():
    agreement = Agreement(state="archived")
    with translation.override("nb"):
        assert agreement.get_state_display() == _django_display(agreement) == "archived"
