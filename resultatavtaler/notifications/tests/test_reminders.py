"""The daily reminders with a fixed clock (today= passed explicitly): who gets what when, the
cadence, and that a second run sends nothing twice."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.utils import timezone, translation

from resultatavtaler.agreements import services as ag
from resultatavtaler.evaluations.services import conversation_schedule, input_request_create
from resultatavtaler.notifications.models import Notification, ReminderLog
from resultatavtaler.notifications.reminders import Kind, send_reminders

from .conftest import sign, signed_agreement, submit


def run(today, capture):
    with capture(execute=True):
        return send_reminders(today=today, include_feedback=False)


def kinds_for(person, kind=None):
    qs = Notification.objects.filter(person=person)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.values_list("kind", flat=True))


def test_draft_due_soon_goes_once_to_every_leader_without_a_submitted_agreement(
    cast, period, django_capture_on_commit_callbacks
):
    ag.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    assert run(datetime.date(2026, 1, 23), django_capture_on_commit_callbacks)["draft_due_soon"] == 0  # 8 days
    counts = run(datetime.date(2026, 1, 24), django_capture_on_commit_callbacks)
    assert counts["draft_due_soon"] == 4  # director, superior, leader (draft), other leader (not started)
    assert kinds_for(cast.leader) == [Kind.DRAFT_DUE_SOON]
    assert not kinds_for(cast.employee) and not kinds_for(cast.process_owner, Kind.DRAFT_DUE_SOON)
    assert len(mail.outbox) == 4
    # The same day again, and the days after: nothing more until the deadline passes.
    for day in (24, 25, 31):
        assert run(datetime.date(2026, 1, day), django_capture_on_commit_callbacks)["draft_due_soon"] == 0
    assert len(mail.outbox) == 4
    assert ReminderLog.objects.filter(kind=Kind.DRAFT_DUE_SOON).count() == 4


def test_overdue_drafts_are_reminded_weekly_and_stop_when_submitted(cast, period, django_capture_on_commit_callbacks):
    draft = ag.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    assert run(datetime.date(2026, 2, 1), django_capture_on_commit_callbacks)["draft_overdue"] == 4
    assert run(datetime.date(2026, 2, 1), django_capture_on_commit_callbacks)["draft_overdue"] == 0
    assert run(datetime.date(2026, 2, 7), django_capture_on_commit_callbacks)["draft_overdue"] == 0
    submit(draft)
    counts = run(datetime.date(2026, 2, 8), django_capture_on_commit_callbacks)
    assert counts["draft_overdue"] == 3  # a week on, but Live Leder has submitted
    assert kinds_for(cast.leader, Kind.DRAFT_OVERDUE) == [Kind.DRAFT_OVERDUE]


def test_signing_reminders_go_to_whoever_has_not_signed(cast, period, django_capture_on_commit_callbacks):
    agreement = submit(ag.agreement_start(period=period, leader=cast.leader, actor=cast.leader))
    counts = run(datetime.date(2026, 2, 21), django_capture_on_commit_callbacks)
    assert counts["signing_due_soon"] == 2
    assert kinds_for(cast.leader, Kind.SIGNING_DUE_SOON) and kinds_for(cast.superior, Kind.SIGNING_DUE_SOON)
    sign(agreement, cast.leader)
    counts = run(datetime.date(2026, 3, 1), django_capture_on_commit_callbacks)
    assert counts["signing_overdue"] == 1
    assert kinds_for(cast.superior, Kind.SIGNING_OVERDUE) and not kinds_for(cast.leader, Kind.SIGNING_OVERDUE)
    sign(agreement, cast.superior)
    assert run(datetime.date(2026, 3, 8), django_capture_on_commit_callbacks)["signing_overdue"] == 0


def test_process_owners_get_a_weekly_summary_of_overdue_milestones(cast, period, django_capture_on_commit_callbacks):
    counts = run(datetime.date(2026, 3, 1), django_capture_on_commit_callbacks)
    assert counts["overdue_summary"] == 1
    note = Notification.objects.get(person=cast.process_owner, kind=Kind.OVERDUE_SUMMARY)
    assert "4" in note.subject and "2026" in note.subject
    assert note.url.startswith("/oversikt/?period=")
    assert not kinds_for(cast.superior, Kind.OVERDUE_SUMMARY)  # superiors see the overview, no summary
    assert run(datetime.date(2026, 3, 5), django_capture_on_commit_callbacks)["overdue_summary"] == 0
    assert run(datetime.date(2026, 3, 8), django_capture_on_commit_callbacks)["overdue_summary"] == 1


def test_self_evaluation_due_seven_days_before_the_conversation(
    cast, current_period, django_capture_on_commit_callbacks
):
    agreement = signed_agreement(cast.leader, current_period)
    when = timezone.make_aware(datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=30),
                                                         datetime.time(10, 0)))
    conversation_schedule(agreement=agreement, actor=cast.superior, when=when, place="Møterom 3")
    due = when.date() - datetime.timedelta(days=7)
    assert run(due - datetime.timedelta(days=8), django_capture_on_commit_callbacks)["self_evaluation_due"] == 0
    counts = run(due - datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    assert counts["self_evaluation_due"] == 1
    note = Notification.objects.get(person=cast.leader, kind=Kind.SELF_EVALUATION_DUE)
    assert due.strftime("%d.%m.%Y") in note.subject
    assert note.url == f"/oppfolging/avtale/{agreement.pk}/egenevaluering/"
    assert run(due, django_capture_on_commit_callbacks)["self_evaluation_due"] == 0  # once per due date


def test_reminders_are_in_the_recipients_language(cast, period, django_capture_on_commit_callbacks):
    # Without a language of their own, people get their organisation's: bokmål here.
    cast.organisation.default_language = "nb"
    cast.organisation.save(update_fields=["default_language"])
    cast.leader.language = "en"
    cast.leader.save(update_fields=["language"])
    cast.other_leader.language = "nn"
    cast.other_leader.save(update_fields=["language"])
    run(datetime.date(2026, 1, 24), django_capture_on_commit_callbacks)
    for person, lang in ((cast.leader, "en"), (cast.other_leader, "nn"), (cast.superior, "nb")):
        with translation.override(lang):
            expected = render_to_string("notifications/email/reminder_draft_due_subject.txt", {
                "period_name": "2026", "due": datetime.date(2026, 1, 31), "overdue": False}).strip()
        message = next(m for m in mail.outbox if m.to == [person.email])
        assert message.subject == expected
        assert message.extra_headers["Content-Language"] == lang


def test_a_new_agreement_in_force_is_announced_to_its_unit_once(cast, current_period,
                                                                django_capture_on_commit_callbacks):
    signed_agreement(cast.leader, current_period)
    today = timezone.localdate()
    assert run(today, django_capture_on_commit_callbacks)["published"] == 1
    assert kinds_for(cast.employee, Kind.PUBLISHED) == [Kind.PUBLISHED]
    assert not kinds_for(cast.leader, Kind.PUBLISHED) and not kinds_for(cast.superior, Kind.PUBLISHED)
    assert run(today, django_capture_on_commit_callbacks)["published"] == 0
    assert run(today + datetime.timedelta(days=1), django_capture_on_commit_callbacks)["published"] == 0


def test_input_request_reminders_reach_only_logged_in_people_who_have_not_answered(
    cast, current_period, django_capture_on_commit_callbacks
):
    agreement = signed_agreement(cast.leader, current_period)
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    ir = input_request_create(agreement=agreement, actor=cast.leader, deadline=deadline,
                              others=[cast.director, cast.other_leader, cast.process_owner],
                              other_emails=["ekstern@example.org"])
    inv = ir.invitations.get(person=cast.other_leader)
    inv.answered = True  # as if the answer form had been sent
    inv.save(update_fields=["answered"])
    assert run(deadline - datetime.timedelta(days=4), django_capture_on_commit_callbacks)["input_request"] == 0
    counts = run(deadline - datetime.timedelta(days=3), django_capture_on_commit_callbacks)
    assert counts["input_request"] == 3  # employee, director, process owner; not the one who answered
    note = Notification.objects.get(person=cast.employee, kind=Kind.INPUT_REQUEST)
    assert note.url == f"/oppfolging/invitasjon/{ir.invitations.get(person=cast.employee).pk}/"
    assert not kinds_for(cast.other_leader, Kind.INPUT_REQUEST)
    assert run(deadline, django_capture_on_commit_callbacks)["input_request"] == 0


def test_the_command_takes_a_date_and_prints_counts(cast, period, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", "2026-01-24", "--no-feedback")
    assert "Reminders sent: 4 (draft_due_soon: 4)." in capsys.readouterr().out
    call_command("send_reminders", "--today", "2026-01-24", "--no-feedback")
    assert "Reminders sent: 0 (nothing due)." in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("send_reminders", "--today", "24.01.2026")
