"""The self-evaluation is due 7 days before the conversation (seed: "minst en uke før
samtalen"); the conversation cannot be set sooner than 7 days after the self-evaluation was
submitted, or than 7 days from today while it is not."""

import datetime

import pytest
from django.utils import timezone, translation

from resultatavtaler.core_errors import DomainError
from resultatavtaler.evaluations import services
from resultatavtaler.evaluations.home import tasks_for
from resultatavtaler.evaluations.models import Assessment

from .conftest import all_ratings, days_pass, fresh


def at(date: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, 0)))


def test_without_a_conversation_the_periods_milestone_is_the_due_date(signed):
    assert services.self_evaluation_due(signed) == datetime.date(2026, 11, 13)


def test_due_date_is_the_conversation_minus_seven_days(signed, superior):
    day = timezone.localdate() + datetime.timedelta(days=20)
    services.conversation_schedule(agreement=signed, actor=superior, when=at(day))
    assert services.self_evaluation_due(signed) == day - datetime.timedelta(days=7)


def test_before_submission_the_conversation_is_at_least_seven_days_away(signed, superior):
    today = timezone.localdate()
    with pytest.raises(DomainError) as exc:
        services.conversation_schedule(agreement=signed, actor=superior, when=at(today + datetime.timedelta(days=6)))
    assert exc.value.code == "too_soon"
    assert not Assessment.objects.filter(conversation_at__isnull=False).exists()
    services.conversation_schedule(agreement=signed, actor=superior, when=at(today + datetime.timedelta(days=7)))


def test_after_submission_the_conversation_is_at_least_seven_days_after_it(signed, leader, superior):
    services.self_evaluation_save(agreement=signed, actor=leader, ratings=all_ratings(signed), summary="Nådd",
                                  submit=True)
    days_pass(signed, 3)  # submitted three days ago
    today = timezone.localdate()
    assert services.earliest_conversation_date(signed) == today + datetime.timedelta(days=7)
    with pytest.raises(DomainError):
        services.conversation_schedule(agreement=fresh(signed), actor=superior,
                                       when=at(today + datetime.timedelta(days=3)))
    services.conversation_schedule(agreement=fresh(signed), actor=superior,
                                   when=at(today + datetime.timedelta(days=7)))


def test_a_late_submission_is_allowed_and_shown_as_late(signed, leader, superior, client_for):
    day = timezone.localdate() + datetime.timedelta(days=8)
    services.conversation_schedule(agreement=signed, actor=superior, when=at(day))
    days_pass(signed, 3)  # the conversation is now in 5 days: the self-evaluation was due 2 days ago
    assert services.self_evaluation_is_late(signed)
    services.self_evaluation_save(agreement=fresh(signed), actor=leader, ratings=all_ratings(signed), summary="Nådd",
                                  submit=True)
    assert fresh(signed).state == "self_evaluated"
    superior.language = "en"
    superior.save(update_fields=["language"])
    page = client_for(superior).get(f"/oppfolging/avtale/{signed.pk}/").content.decode()
    assert "Submitted late" in page


def test_home_page_task_says_how_many_days_are_left(signed, leader, superior):
    day = timezone.localdate() + datetime.timedelta(days=12)
    services.conversation_schedule(agreement=signed, actor=superior, when=at(day))
    with translation.override("en"):
        section = tasks_for(leader)
    titles = [t.title for t in section.tasks]
    assert any(t.endswith("in 5 days") for t in titles), titles
    assert any(day.strftime("%d.%m") in t for t in titles), titles
