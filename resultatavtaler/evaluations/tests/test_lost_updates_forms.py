"""No lost updates on the measurement form and the choice of scale: two editors open the same
page; the second to save over what the first saved is refused with what is stored now, and
nothing of theirs is written."""

import datetime
from decimal import Decimal

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from resultatavtaler.evaluations import services
from resultatavtaler.evaluations.models import Measurement, Scale
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.services import role_grant
from resultatavtaler.organisations.tests.factories import person_with_login

LEVELS = "1 | ikke nådd | ikkje nådd | not reached\n2 | nådd | nådd | reached"


def _client(person) -> Client:
    c = Client()
    c.force_login(person.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    return c


def test_a_value_entered_after_the_page_was_shown_is_not_overwritten(cast, signed, indicator):
    url = reverse("evaluations:measurements", args=[signed.pk])
    leader, superior = _client(cast.leader), _client(cast.superior)
    seen_leader = leader.get(url).context["seen_at"]
    seen_superior = superior.get(url).context["seen_at"]
    day = {"indicator": str(indicator.pk), "date": "2026-03-31", "source": "HR"}
    assert leader.post(url, {**day, "value": "6,1", "seen_at": seen_leader}).status_code == 302
    response = superior.post(url, {**day, "value": "5,9", "seen_at": seen_superior})
    assert response.status_code == 409
    message = " ".join(response.context["form"].non_field_errors())
    assert cast.leader.name in message and "6,1" in message
    assert Measurement.objects.get(indicator=indicator, date=datetime.date(2026, 3, 31)).value == Decimal("6.1")
    # With the page shown again (the leader's value in view) the superior may correct it.
    again = response.context["seen_at"]
    assert superior.post(url, {**day, "value": "5,9", "seen_at": again}).status_code == 302
    assert Measurement.objects.get(indicator=indicator, date=datetime.date(2026, 3, 31)).value == Decimal("5.9")


def test_a_value_of_another_day_is_no_conflict(cast, signed, indicator):
    url = reverse("evaluations:measurements", args=[signed.pk])
    leader, superior = _client(cast.leader), _client(cast.superior)
    seen_leader, seen_superior = leader.get(url).context["seen_at"], superior.get(url).context["seen_at"]
    base = {"indicator": str(indicator.pk), "source": ""}
    assert leader.post(url, {**base, "date": "2026-03-31", "value": "6", "seen_at": seen_leader}).status_code == 302
    assert superior.post(url, {**base, "date": "2026-04-30", "value": "5", "seen_at": seen_superior}).status_code == 302
    assert Measurement.objects.filter(indicator=indicator).count() == 2


def test_the_scale_choice_from_an_older_page_is_refused(cast, signed):
    other = person_with_login(organisation=cast.organisation, unit=cast.department, name="Per Prosess",
                              username="processowner2")
    role_grant(person=other, role=GrantedRole.PROCESS_OWNER)
    scale = services.scale_create(actor=cast.process_owner, name="Fire", levels=[
        {"value": 1, "label": {"nb": "ikke nådd", "nn": "ikkje nådd", "en": "not reached"}},
        {"value": 2, "label": {"nb": "nådd", "nn": "nådd", "en": "reached"}},
    ])
    url = reverse("evaluations:scales")
    first, second = _client(cast.process_owner), _client(other)
    version_first = first.get(url).context["choice_version"]
    version_second = second.get(url).context["choice_version"]
    assert version_first == version_second == "none"
    assert first.post(url, {"action": "use", "scale": scale.pk, "version": version_first}).status_code == 302
    assert Scale.objects.get(pk=scale.pk).in_use
    # The second, from the older page, chooses "the template's scale" — refused, "Fire" stays.
    response = second.post(url, {"action": "use", "scale": "", "version": version_second})
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(told) == 1 and "Fire" in told[0]  # the refusal names the scale now in use
    assert Scale.objects.get(pk=scale.pk).in_use
    assert second.get(url).context["choice_version"] == str(scale.pk)
