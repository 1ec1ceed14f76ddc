"""Calendar files (iCalendar, RFC 5545) of meetings, built with the ``icalendar`` library.

One event per meeting with a stable UID (``<meeting.uid>@<host of PUBLIC_BASE_URL>``) and the meeting's
SEQUENCE, so that a calendar replaces an entry when an update (a higher sequence) or a cancellation
arrives. Times are written in Europe/Amsterdam with a VTIMEZONE that covers the dates used, so a meeting
just after the clocks change keeps its local time in every calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from email.utils import parseaddr
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

if TYPE_CHECKING:
    from .models import Invitation, Meeting

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PRODID = "-//IJmond Participatie//Bijeenkomsten//NL"
METHOD_REQUEST = "REQUEST"
METHOD_CANCEL = "CANCEL"
METHOD_PUBLISH = "PUBLISH"
ICS_MIMETYPE = "text/calendar"


def public_host() -> str:
    return urlsplit(settings.PUBLIC_BASE_URL).hostname or "localhost"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{public_host()}"


def _calendar(method: str, first: date, last: date) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    # Only the transitions of the years used: a small file that every client reads the same way.
    calendar.add_component(
        Timezone.from_tzinfo(AMSTERDAM, first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1))
    )
    return calendar


def _location(meeting: Meeting) -> str:
    parts = [meeting.location]
    if meeting.online_url:
        parts.append(meeting.online_url)
    return " / ".join(p for p in parts if p)


def _event(meeting: Meeting, *, description: str, cancelled: bool, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at.astimezone(AMSTERDAM))
    event.add("dtend", meeting.ends_at.astimezone(AMSTERDAM))
    event.add("summary", meeting.title)
    location = _location(meeting)
    if location:
        event.add("location", location)
    if meeting.online_url:
        event.add("url", meeting.online_url)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def _organizer() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address or 'noreply@' + public_host()}")
    if name:
        organizer.params["cn"] = vText(name)
    return organizer


def invitation_ics(invitation: Invitation, *, description: str, cancel: bool = False) -> str:
    """The calendar file mailed with an invitation, an update (METHOD:REQUEST, the meeting's sequence) or a
    cancellation (METHOD:CANCEL, STATUS:CANCELLED)."""
    meeting = invitation.meeting
    calendar = _calendar(METHOD_CANCEL if cancel else METHOD_REQUEST, meeting.starts_at.date(), meeting.ends_at.date())
    event = _event(meeting, description=description, cancelled=cancel, stamp=timezone.now())
    event.add("organizer", _organizer())
    attendee = vCalAddress(f"mailto:{invitation.email}")
    attendee.params["cn"] = vText(invitation.name or invitation.email)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    # Answers go through the personal link, not by mail to a no-reply address.
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def feed_ics(meetings: Iterable[Meeting], *, name: str, descriptions: dict[int, str] | None = None) -> str:
    """A personal calendar feed (METHOD:PUBLISH): every meeting as an event; a cancelled one stays in as
    STATUS:CANCELLED so that subscribed calendars drop it."""
    meeting_list = list(meetings)
    today = timezone.localdate()
    first = min((m.starts_at.astimezone(AMSTERDAM).date() for m in meeting_list), default=today)
    last = max((m.ends_at.astimezone(AMSTERDAM).date() for m in meeting_list), default=today)
    calendar = _calendar(METHOD_PUBLISH, first, last)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    stamp = timezone.now()
    for meeting in meeting_list:
        description = (descriptions or {}).get(meeting.pk, "")
        calendar.add_component(
            _event(meeting, description=description, cancelled=meeting.cancelled_at is not None, stamp=stamp)
        )
    return calendar.to_ical().decode("utf-8")
