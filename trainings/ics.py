"""Training sessions as iCalendar (RFC 5545), through the `icalendar` library: feeds and e-mail attachments."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vText

from trainings.models import TrainingSession

PRODID = "-//Bonnes pratiques en sante mentale//Formations//FR"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    return calendar


def session_event(session: TrainingSession, *, for_registrant: bool = False) -> Event:
    base = settings.WAGTAILADMIN_BASE_URL
    event = Event()
    event.add("uid", f"formation-{session.pk}@{base.split('://', 1)[-1].split('/')[0].split(':')[0]}")
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    # UTC times: every calendar application reads them without a VTIMEZONE block, and shows Paris time.
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    event.add("summary", session.title)
    lines = [
        session.get_kind_display(),
        f"Bonne pratique : {session.practice.title}",
        f"Pour qui : {session.audience}",
    ]
    if session.description:
        lines.append(session.description)
    if session.prerequisites:
        lines.append(f"Prérequis : {session.prerequisites}")
    lines.append(f"Tarif : {session.price}")
    if session.online_url and (for_registrant or session.kind == TrainingSession.Kind.ELEARNING):
        lines.append(f"Adresse de connexion : {session.online_url}")
    event.add("description", "\n\n".join(lines))
    event.add(
        "location",
        vText(
            session.online_url
            if session.is_online and for_registrant and session.online_url
            else session.place
        ),
    )
    event.add("url", base + session.get_absolute_url())
    if session.team_id and session.team.email:
        event.add("organizer", f"mailto:{session.team.email}", parameters={"cn": session.team.name})
    return event


def feed(sessions: Iterable[TrainingSession], name: str) -> bytes:
    calendar = _calendar(name)
    for session in sessions:
        calendar.add_component(session_event(session))
    return calendar.to_ical()


def attachment(session: TrainingSession) -> bytes:
    calendar = _calendar(session.title)
    calendar.add("method", "PUBLISH")
    calendar.add_component(session_event(session, for_registrant=True))
    return calendar.to_ical()
