"""No lost updates in the 360 question bank: every form carries its entry's version. Two process
owners open the bank; the second to act on the same entry from the older page is refused, and
nothing of theirs is written (a second "take out of use" must not put the entry back in use)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from resultatavtaler.core_errors import DomainError
from resultatavtaler.feedback import services
from resultatavtaler.feedback.models import BankArea, BankStatement
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.services import role_grant
from resultatavtaler.organisations.tests.factories import person_with_login


def _client(person) -> Client:
    c = Client()
    c.force_login(person.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    return c


def _version_on_page(html: str, action: str, pk: int) -> str:
    pattern = (rf'name="action" value="{action}"><input type="hidden" name="id" value="{pk}">'
               r'<input type="hidden" name="version" value="([0-9a-f]+)"')
    return re.search(pattern, html).group(1)


@pytest.fixture
def owners(cast):
    other = person_with_login(organisation=cast.organisation, unit=cast.department, name="Per Prosess",
                              username="processowner2")
    role_grant(person=other, role=GrantedRole.PROCESS_OWNER)
    services.question_bank_ensure(organisation=cast.organisation)
    return _client(cast.process_owner), _client(other)


@pytest.mark.parametrize("action,model", [("toggle_statement", BankStatement), ("toggle_area", BankArea)])
def test_a_second_toggle_from_an_older_page_is_refused(cast, owners, action, model):
    first, second = owners
    lookup = {"area__bank__organisation": cast.organisation} if model is BankStatement else {
        "bank__organisation": cast.organisation}
    entry = model.objects.filter(**lookup).first()
    url = reverse("feedback:bank")
    version_first = _version_on_page(first.get(url).content.decode(), action, entry.pk)
    version_second = _version_on_page(second.get(url).content.decode(), action, entry.pk)
    assert version_first == version_second

    change = reverse("feedback:bank_change")
    assert first.post(change, {"action": action, "id": entry.pk, "version": version_first}).status_code == 302
    assert model.objects.get(pk=entry.pk).is_active is False
    response = second.post(change, {"action": action, "id": entry.pk, "version": version_second})
    assert response.status_code == 302
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(told) == 1 and "«" in told[0]  # the refusal, with what the entry holds now
    assert model.objects.get(pk=entry.pk).is_active is False  # not put back in use
    # From the fresh page the second owner may put it back deliberately.
    fresh = _version_on_page(second.get(url).content.decode(), action, entry.pk)
    assert second.post(change, {"action": action, "id": entry.pk, "version": fresh}).status_code == 302
    assert model.objects.get(pk=entry.pk).is_active is True


def test_statement_wording_over_a_newer_version_is_refused(cast, owners):
    statement = BankStatement.objects.filter(area__bank__organisation=cast.organisation).first()
    version = services.bank_entry_edit_version(statement)
    services.bank_statement_update(statement=statement, actor=cast.process_owner, text_nb="Først", text_nn="Fyrst",
                                   text_en="First", expected_version=version)
    with pytest.raises(DomainError) as exc:
        services.bank_statement_update(statement=statement, actor=cast.process_owner, text_nb="Sist",
                                       text_nn="Sist", text_en="Last", expected_version=version)
    assert exc.value.code == "stale" and "Først" in exc.value.message
    assert BankStatement.objects.get(pk=statement.pk).text_nb == "Først"
