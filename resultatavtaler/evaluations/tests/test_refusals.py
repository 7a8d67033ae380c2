"""A missing right to an evaluation action is a 403 that changes nothing; a step the state does
not allow yet, asked by one who has the right, is a message on the evaluation page (302)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from resultatavtaler.core_errors import DomainError
from resultatavtaler.evaluations import services
from resultatavtaler.evaluations.models import Assessment, InputRequest

from .conftest import all_ratings, fresh


def _post(client, name, pk, data=None):
    return client.post(reverse(f"evaluations:{name}", args=[pk]), data or {})


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def self_evaluated(cast, signed):
    services.self_evaluation_save(agreement=signed, actor=cast.leader, ratings=all_ratings(signed),
                                  summary="Oppsummering", submit=True)
    return fresh(signed)


def test_reopening_by_the_upper_chain_is_403_and_changes_nothing(cast, self_evaluated, client_for):
    response = _post(client_for(cast.director), "self_evaluation_reopen", self_evaluated.pk)
    assert response.status_code == 403
    assert fresh(self_evaluated).state == "self_evaluated"


def test_reopening_in_the_wrong_state_by_a_party_is_a_message(cast, signed, client_for):
    response = _post(client_for(cast.leader), "self_evaluation_reopen", signed.pk)
    assert response.status_code == 302 and response.url == reverse("evaluations:agreement", args=[signed.pk])
    assert _messages(response)
    assert fresh(signed).state == "signed"


@pytest.mark.parametrize("who", ["superior", "director"])
def test_feedback_to_the_superior_by_anyone_but_the_leader_is_403(cast, signed, client_for, who):
    response = _post(client_for(getattr(cast, who)), "leader_feedback", signed.pk, {"leader_feedback": "Takk"})
    assert response.status_code == 403
    assert not Assessment.objects.filter(agreement=signed).exclude(leader_feedback="").exists()


def test_feedback_by_the_leader_is_saved(cast, signed, client_for):
    response = _post(client_for(cast.leader), "leader_feedback", signed.pk, {"leader_feedback": "Takk for samtalen"})
    assert response.status_code == 302
    assert Assessment.objects.get(agreement=signed).leader_feedback == "Takk for samtalen"


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_feedback_to_the_superior_is_a_form_error_and_saves_nothing(cast, signed, client_for, text):
    services.leader_feedback_save(agreement=signed, actor=cast.leader, text="Tidligere tilbakemelding")
    before = Assessment.objects.get(agreement=signed).updated_at
    response = _post(client_for(cast.leader), "leader_feedback", signed.pk, {"leader_feedback": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write your feedback to the superior before you save it." in html
    # The form is shown again, the field marked invalid and tied to its message.
    assert 'id="leader_feedback"' in html and 'aria-invalid="true"' in html
    assert 'aria-describedby="leader_feedback_error"' in html
    assert not _messages(response)
    saved = Assessment.objects.get(agreement=signed)
    assert saved.leader_feedback == "Tidligere tilbakemelding" and saved.updated_at == before


def test_the_service_refuses_empty_feedback_too(cast, signed):
    with pytest.raises(DomainError):
        services.leader_feedback_save(agreement=signed, actor=cast.leader, text="  ")
    assert not Assessment.objects.filter(agreement=signed).exclude(leader_feedback="").exists()


def test_acknowledging_by_the_upper_chain_is_403(cast, signed, client_for):
    response = _post(client_for(cast.director), "acknowledge", signed.pk)
    assert response.status_code == 403
    assert fresh(signed).state == "signed"


def test_acknowledging_before_the_assessment_by_a_party_is_a_message(cast, signed, client_for):
    response = _post(client_for(cast.superior), "acknowledge", signed.pk)
    assert response.status_code == 302
    assert _messages(response)
    assert fresh(signed).state == "signed"


@pytest.fixture
def input_request(cast, signed, staff):
    return services.input_request_create(agreement=signed, actor=cast.leader,
                                         deadline=timezone.localdate() + datetime.timedelta(days=7))


@pytest.mark.parametrize("who", ["employee", "director", "process_owner", "admin_person"])
def test_closing_an_input_request_without_the_right_is_403(cast, input_request, client_for, who):
    response = _post(client_for(getattr(cast, who)), "input_request_close", input_request.pk)
    assert response.status_code == 403
    assert InputRequest.objects.get(pk=input_request.pk).is_open


def test_closing_a_closed_input_request_is_a_message_for_the_sender(cast, input_request, client_for):
    client = client_for(cast.superior)
    assert _post(client, "input_request_close", input_request.pk).status_code == 302
    assert InputRequest.objects.get(pk=input_request.pk).is_closed
    response = _post(client, "input_request_close", input_request.pk)
    assert response.status_code == 302
    closed, refused = _messages(response)  # neither page was shown yet: both messages wait
    assert refused != closed
