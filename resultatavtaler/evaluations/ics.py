"""The calendar invitation (.ics, RFC 5545) for the assessment conversation, built with the
`icalendar` package and attached to the e-mail to both participants."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText


def conversation_uid(assessment) -> str:
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "resultatavtaler"
    return f"vurderingssamtale-{assessment.agreement_id}@{host}"


def conversation_ics(*, assessment, summary: str, description: str) -> str:
    ag = assessment.agreement
    start = assessment.conversation_at
    end = start + datetime.timedelta(minutes=assessment.conversation_minutes)
    cal = Calendar()
    cal.add("prodid", "-//Resultatavtaler//vurderingssamtale//NO")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    ev = Event()
    ev.add("uid", conversation_uid(assessment))
    ev.add("sequence", assessment.conversation_sequence)
    ev.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    ev.add("dtstart", start.astimezone(datetime.UTC))
    ev.add("dtend", end.astimezone(datetime.UTC))
    ev.add("summary", summary)
    ev.add("description", description)
    if assessment.conversation_place:
        ev["location"] = vText(assessment.conversation_place)
    organizer = vCalAddress(f"mailto:{ag.superior.email}" if ag.superior.email else "mailto:noreply@invalid")
    organizer.params["cn"] = vText(ag.superior.name)
    ev["organizer"] = organizer
    for person in (ag.leader, ag.superior):
        if person.email:
            attendee = vCalAddress(f"mailto:{person.email}")
            attendee.params["cn"] = vText(person.name)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            ev.add("attendee", attendee, encode=0)
    cal.add_component(ev)
    return cal.to_ical().decode()
