"""Reminders to those asked for input by e-mail link only (no login) who have not answered: the
sender's button and the daily run. Each reminder carries a fresh single-use link; nobody who
answered is reminded; the sender is told nothing about who answered."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.evaluations import selectors, services
from resultatavtaler.evaluations.models import InputInvitation
from resultatavtaler.notifications.reminders import send_reminders
from resultatavtaler.organisations.tests.factories import PersonFactory


def _token_from(message) -> str:
    return message.body.split("/oppfolging/svar/")[1].split("/")[0]


@pytest.fixture
def asked(cast, signed, staff, django_capture_on_commit_callbacks):
    """Asked: the section's employees (one with a login, five without), a named colleague
    without a login, and two outside addresses. Returns the request and each address's link."""
    colleague = PersonFactory(organisation=cast.organisation, unit=cast.other_section, name="Kari Kollega",
                              language="nn")
    with django_capture_on_commit_callbacks(execute=True):
        ir = services.input_request_create(
            agreement=signed, actor=cast.leader, deadline=timezone.localdate() + datetime.timedelta(days=7),
            others=[colleague], other_emails=["ute.en@example.org", "ute.to@example.org"],
        )
    links = {m.to[0]: _token_from(m) for m in mail.outbox}
    mail.outbox.clear()
    return ir, links


def _answer(ir, address):
    inv = next(i for i in InputInvitation.objects.filter(request=ir) if i.address == address)
    ratings = {str(r["id"]): 3 for r in ir.form["requirements"]}
    services.input_answer_submit(invitation=inv, ratings=ratings, comments={}, comment="")


def _link_only_addresses(ir):
    return {i.address for i in InputInvitation.objects.filter(request=ir).select_related("person")
            if i.person_id is None or i.person.user_id is None}


def test_the_sender_reminds_only_link_only_people_who_have_not_answered(
    cast, asked, client_for, django_capture_on_commit_callbacks
):
    ir, links = asked
    _answer(ir, "ute.en@example.org")
    client = client_for(cast.leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluations:input_request_remind", args=[ir.pk]))
    assert response.status_code == 302
    reminded = {m.to[0] for m in mail.outbox}
    assert reminded == _link_only_addresses(ir) - {"ute.en@example.org"}
    assert cast.employee.email not in reminded  # has a login: reminded in the product
    assert len(reminded) == 7  # five employees, the colleague, the other outside address
    # Each reminder carries a fresh link that opens the form; the earlier link no longer does.
    message = next(m for m in mail.outbox if m.to == ["ute.to@example.org"])
    assert client.get(reverse("evaluations:answer", args=[_token_from(message)])).status_code == 200
    assert client.get(reverse("evaluations:answer", args=[links["ute.to@example.org"]])).status_code == 404
    # The answered link still says "already answered" (it was not touched).
    assert client.get(reverse("evaluations:answer", args=[links["ute.en@example.org"]])).status_code == 410


def test_the_reminder_is_in_the_invitees_language(cast, asked, client_for, django_capture_on_commit_callbacks):
    ir, _links = asked
    from django.template.loader import render_to_string
    from django.utils import translation

    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.leader).post(reverse("evaluations:input_request_remind", args=[ir.pk]))
    colleague = ir.invitations.get(person__name="Kari Kollega").person
    message = next(m for m in mail.outbox if m.to == [colleague.email])
    with translation.override("nn"):
        expected = render_to_string("notifications/email/evaluation_input_reminder_subject.txt",
                                    {"unit_name": ir.agreement.unit.name}).strip()
    assert message.subject == expected
    assert message.extra_headers["Content-Language"] == "nn"


def test_the_sender_learns_nothing_about_who_answered(cast, asked, client_for, django_capture_on_commit_callbacks):
    ir, _links = asked
    client = client_for(cast.leader)
    page_before = client.get(reverse("evaluations:input_request", args=[ir.pk]))
    _answer(ir, "ute.en@example.org")
    _answer(ir, "ute.to@example.org")
    page_after = client.get(reverse("evaluations:input_request", args=[ir.pk]))
    # The button stays, whoever has answered; only the total count moves.
    assert page_before.context["can_remind"] and page_after.context["can_remind"]
    assert page_after.context["progress"] == {"invited": 9, "answered": 2}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluations:input_request_remind", args=[ir.pk]))
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(told) == 1 and not any(ch.isdigit() for ch in told[0])
    event = AuditEvent.objects.get(action="evaluation.input_request_reminded")
    assert event.data == {"input_request": ir.pk}  # no count, no addresses
    assert "ute.en@example.org" not in str(event.data) and "ute.to@example.org" not in str(event.data)


def test_a_second_reminder_waits_a_few_days(cast, asked, client_for, django_capture_on_commit_callbacks):
    ir, _links = asked
    client = client_for(cast.superior)  # the superior may remind as well
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("evaluations:input_request_remind", args=[ir.pk])).status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluations:input_request_remind", args=[ir.pk]))
    assert response.status_code == 302 and not mail.outbox
    assert services.input_request_reminder_blocked(ir.__class__.objects.get(pk=ir.pk))
    later = timezone.localdate() + datetime.timedelta(days=services.input_requests.REMINDER_INTERVAL_DAYS)
    assert services.input_request_remind(input_request=ir, actor=cast.superior, today=later) == 8


@pytest.mark.parametrize("who", ["employee", "director", "process_owner"])
def test_anyone_else_is_refused_with_403(cast, asked, client_for, who, django_capture_on_commit_callbacks):
    ir, _links = asked
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(getattr(cast, who)).post(reverse("evaluations:input_request_remind", args=[ir.pk]))
    assert response.status_code == 403
    assert not mail.outbox
    assert ir.__class__.objects.get(pk=ir.pk).reminded_at is None


def test_no_reminder_once_the_request_is_closed(cast, asked, client_for, django_capture_on_commit_callbacks):
    ir, _links = asked
    services.input_request_close(input_request=ir, actor=cast.leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.leader).post(reverse("evaluations:input_request_remind", args=[ir.pk]))
    assert response.status_code == 302 and not mail.outbox
    assert "can_remind" not in client_for(cast.leader).get(reverse("evaluations:input_request", args=[ir.pk])).context


def test_the_daily_run_reminds_once_near_the_deadline(cast, asked, django_capture_on_commit_callbacks):
    ir, _links = asked
    _answer(ir, "ute.en@example.org")
    for days_left, expected in ((4, 0), (3, 7), (2, 0)):
        with django_capture_on_commit_callbacks(execute=True):
            counts = send_reminders(today=ir.deadline - datetime.timedelta(days=days_left), include_feedback=False)
        assert counts["input_request_link"] == expected, days_left
    assert {m.to[0] for m in mail.outbox} >= _link_only_addresses(ir) - {"ute.en@example.org"}
    assert not [m for m in mail.outbox if m.to == ["ute.en@example.org"]]
    assert selectors.request_progress(ir)["answered"] == 1
