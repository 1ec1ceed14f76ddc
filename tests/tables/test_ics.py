"""The calendar files: they parse (icalendar), carry a stable UID, the sequence and the method, and the
right times on both sides of a daylight-saving change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from icalendar import Calendar

from tables import ics
from tables.meetings import amsterdam_datetime

from .. import factories as f

pytestmark = pytest.mark.django_db


def _event(text: str):
    calendar = Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2026, 10, 24), 17),  # summer time (CEST, UTC+2): the Saturday before the clocks go back
        (date(2026, 10, 26), 18),  # winter time (CET, UTC+1): the Monday after
        (date(2026, 3, 28), 18),  # the Saturday before summer time starts
        (date(2026, 3, 30), 17),  # the Monday after
    ],
)
def test_times_are_right_across_a_daylight_saving_change(world, settings, day, utc_hour):
    settings.PUBLIC_BASE_URL = "https://participatie.example.org"
    starts = amsterdam_datetime(day, time(19, 0))
    meeting = f.MeetingFactory(
        council=world.velsen_council, starts_at=starts, ends_at=amsterdam_datetime(day, time(21))
    )
    invitation = f.InvitationFactory(meeting=meeting, name="Anna", email="anna@example.org")
    calendar, event = _event(ics.invitation_ics(invitation, description="Link"))
    assert str(calendar["METHOD"]) == "REQUEST"
    start = event.decoded("DTSTART")
    assert start.astimezone(UTC) == datetime(day.year, day.month, day.day, utc_hour, 0, tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC).hour == utc_hour + 2
    # Written in local time with the zone, and the zone is defined in the file (VTIMEZONE).
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert "DTSTART;TZID=Europe/Amsterdam:" + day.strftime("%Y%m%d") + "T190000" in calendar.to_ical().decode()
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert str(event["UID"]) == f"{meeting.uid}@participatie.example.org"
    assert int(event["SEQUENCE"]) == meeting.sequence == 0


def test_the_vtimezone_alone_gives_the_right_offsets():
    """A client that ignores the TZID name and reads only the VTIMEZONE rules gets the same instants."""
    meeting_day = date(2026, 10, 26)
    calendar = ics._calendar(ics.METHOD_PUBLISH, meeting_day, meeting_day)
    text = calendar.to_ical().decode()
    assert "TZOFFSETTO:+0100" in text and "TZOFFSETTO:+0200" in text
    assert "20261025T030000" in text  # the change of 25 October 2026 is listed


def test_cancel_has_method_cancel_status_and_the_same_uid(world):
    meeting = f.MeetingFactory(council=world.velsen_council, sequence=3)
    invitation = f.InvitationFactory(meeting=meeting)
    calendar, event = _event(ics.invitation_ics(invitation, description="", cancel=True))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 3
    assert str(event["UID"]).startswith(str(meeting.uid))


def test_summary_location_and_description_are_escaped_and_kept(world):
    meeting = f.MeetingFactory(
        council=world.velsen_council,
        title="Vervoer; wat, hoe\\waarom",
        location="Wijkcentrum, zaal 2",
        online_url="https://meet.example.org/abc",
    )
    invitation = f.InvitationFactory(meeting=meeting)
    _calendar, event = _event(ics.invitation_ics(invitation, description="Antwoord: https://x/uitnodiging/t/\nRegel 2"))
    assert str(event["SUMMARY"]) == "Vervoer; wat, hoe\\waarom"
    assert str(event["LOCATION"]) == "Wijkcentrum, zaal 2 / https://meet.example.org/abc"
    assert str(event["DESCRIPTION"]) == "Antwoord: https://x/uitnodiging/t/\nRegel 2"
    assert str(event["ATTENDEE"]) == f"mailto:{invitation.email}"


def test_feed_lists_meetings_and_marks_a_cancelled_one(world):
    from django.utils import timezone

    kept = f.MeetingFactory(council=world.velsen_council)
    cancelled = f.MeetingFactory(council=world.velsen_council, cancelled_at=timezone.now(), sequence=1)
    calendar = Calendar.from_ical(ics.feed_ics([kept, cancelled], name="Mijn bijeenkomsten"))
    assert str(calendar["METHOD"]) == "PUBLISH"
    statuses = {str(e["UID"]).split("@")[0]: str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert statuses == {str(kept.uid): "CONFIRMED", str(cancelled.uid): "CANCELLED"}


def test_an_empty_feed_is_still_a_valid_calendar():
    calendar = Calendar.from_ical(ics.feed_ics([], name="Leeg"))
    assert calendar.walk("VEVENT") == []
