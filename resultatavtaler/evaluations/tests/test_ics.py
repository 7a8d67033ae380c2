"""The conversation's calendar invitation is a valid iCalendar file that both receive."""

import datetime

from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from resultatavtaler.evaluations import services


def _when():
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=14),
                                                         datetime.time(13, 30)))


def test_both_get_an_ics_that_parses_back(signed, superior, leader, django_capture_on_commit_callbacks):
    when = _when()
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_schedule(agreement=signed, actor=superior, when=when, place="Møterom 4", minutes=90)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([leader.email, superior.email])
    for message in mail.outbox:
        (filename, content, mimetype), = message.attachments
        assert filename.endswith(".ics") and mimetype == "text/calendar"
        cal = Calendar.from_ical(content)
        (event,) = cal.walk("VEVENT")
        assert event.decoded("dtstart") == when
        assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(minutes=90)
        assert str(event["location"]) == "Møterom 4"
        attendees = {str(a).lower() for a in event.get("attendee")}
        assert attendees == {f"mailto:{leader.email}", f"mailto:{superior.email}"}
        assert str(cal["method"]) == "REQUEST"


def test_moving_the_conversation_keeps_the_uid_and_raises_the_sequence(signed, superior, leader):
    services.conversation_schedule(agreement=signed, actor=superior, when=_when())
    first = Calendar.from_ical(services.conversation_ics_for(agreement=signed, actor=leader)).walk("VEVENT")[0]
    services.conversation_schedule(agreement=signed, actor=superior, when=_when() + datetime.timedelta(days=1))
    second = Calendar.from_ical(services.conversation_ics_for(agreement=signed, actor=leader)).walk("VEVENT")[0]
    assert str(first["uid"]) == str(second["uid"])
    assert int(second["sequence"]) == int(first["sequence"]) + 1


def test_the_ics_download(signed, superior, leader, client_for):
    services.conversation_schedule(agreement=signed, actor=superior, when=_when())
    r = client_for(leader).get(f"/oppfolging/avtale/{signed.pk}/samtale.ics")
    assert r["Content-Type"].startswith("text/calendar")
    assert Calendar.from_ical(r.content).walk("VEVENT")
