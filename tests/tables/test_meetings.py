"""Meetings: planning (times in Europe/Amsterdam, stored aware), changing (a move raises the sequence and
sends one update), cancelling (one cancellation), the list and the details (responses and needs per
person) with pinned query counts, the minutes with attendance, the personal calendar feed, permissions
and hostile input."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import cast

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from infrastructure.models import OutboxMessage
from tables import meetings as services
from tables import services as table_services
from tables.models import (
    CalendarFeed,
    Invitation,
    Meeting,
    MeetingKind,
    Need,
    Response,
    StakeholderType,
    Table,
    TableOrigin,
)

from .. import factories as f

pytestmark = pytest.mark.django_db

LIST = reverse("tables:meeting_list")
CREATE = reverse("tables:meeting_create")


def make_table(council, title: str = "Vervoer naar de dagbesteding") -> Table:
    return table_services.table_save(
        table=Table(council=council, title=title, question="Hoe komen inwoners er?", origin=TableOrigin.OWN_INITIATIVE),
        by=None,
    )


def future_day(days: int = 20) -> date:
    return timezone.localdate() + timedelta(days=days)


def form_data(**overrides) -> dict:
    data = {
        "title": "Eerste bijeenkomst",
        "kind": MeetingKind.COUNCIL,
        "day": future_day().isoformat(),
        "start_time": "19:00",
        "end_time": "21:00",
        "location": "Wijkcentrum De Dwarsligger, IJmuiden",
        "accessibility_notes": "Rolstoeltoegankelijk, ringleiding",
        "online_url": "",
        "agenda": "1. Opening\n2. Vervoer",
    }
    data.update(overrides)
    return data


def seat_guest(table, name="Gerrit Gast", email="gerrit@example.org", stakeholder_type=StakeholderType.RESIDENT):
    by = table.council.memberships.select_related("person").first().person
    return table_services.seat_add(
        table=table, stakeholder_type=stakeholder_type, by=by, guest_name=name, guest_email=email
    )


# --- Planning -------------------------------------------------------------------------------------------


def test_member_plans_a_council_meeting_in_amsterdam_time(client, world):
    client.force_login(world.people["lid_velsen"])
    url = f"{CREATE}?raad={world.velsen_council.slug}"
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(day="2026-10-26"))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.council == world.velsen_council and meeting.kind == MeetingKind.COUNCIL
    assert meeting.starts_at == datetime(2026, 10, 26, 18, 0, tzinfo=UTC)  # 19:00 CET
    assert meeting.ends_at == datetime(2026, 10, 26, 20, 0, tzinfo=UTC)
    assert meeting.sequence == 0 and meeting.created_by == world.people["lid_velsen"]
    client.post(url, form_data(day="2026-10-24", title="Zomertijd"))
    assert Meeting.objects.get(title="Zomertijd").starts_at == datetime(2026, 10, 24, 17, 0, tzinfo=UTC)


def test_policy_advisor_plans_a_meeting_of_a_table_of_their_municipality(client, world):
    table = make_table(world.velsen_council)
    client.force_login(world.people["beleid_velsen"])
    url = f"{CREATE}?tafel={table.pk}"
    response = client.get(url)
    assert response.status_code == 200 and "kind" not in response.context["form"].fields
    response = client.post(url, form_data())
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert (meeting.table, meeting.council, meeting.kind) == (table, world.velsen_council, MeetingKind.TABLE)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("lid_velsen", 200),
        ("voorzitter_velsen", 200),
        ("beleid_velsen", 200),
        ("lid_beverwijk", 404),
        ("beleid_beverwijk", 404),
        ("lid_regio", 404),
        ("aanjager", 403),
        ("ondersteuning", 403),
        ("ervaring", 404),
        ("inwoner", 404),
    ],
)
def test_who_may_plan_a_meeting_of_a_velsen_table(client, world, persona, status):
    table = make_table(world.velsen_council)
    client.force_login(world.people[persona])
    assert client.get(f"{CREATE}?tafel={table.pk}").status_code == status
    assert client.post(f"{CREATE}?tafel={table.pk}", form_data()).status_code in {status, 302}
    assert Meeting.objects.exists() == (status == 200)


def test_planning_needs_login_and_a_valid_target(client, world):
    assert client.get(f"{CREATE}?raad=velsen").status_code == 302  # to the login page
    client.force_login(world.people["lid_velsen"])
    for query in (
        "tafel=abc",
        "tafel=99999999999999999999",
        "tafel=٣",
        "tafel=-1",
        "raad=bestaat-niet",
        "raad=" + "x" * 5000,
    ):
        assert client.get(f"{CREATE}?{query}").status_code == 404, query
    assert client.get(f"{CREATE}?raad={world.beverwijk_council.slug}").status_code == 404
    # Without a target: a chooser with the member's council.
    response = client.get(CREATE)
    assert response.status_code == 200 and response.context["councils"] == [world.velsen_council]
    client.force_login(world.people["inwoner"])
    assert client.get(CREATE).status_code == 403


def test_a_table_meeting_cannot_be_planned_as_a_council_meeting(world):
    with pytest.raises(Exception):  # noqa: B017, PT011 - the model or the service refuses
        services.meeting_save(
            meeting=Meeting(
                council=world.velsen_council,
                kind=MeetingKind.TABLE,
                title="x",
                starts_at=timezone.now() + timedelta(days=1),
                ends_at=timezone.now() + timedelta(days=1, hours=1),
            ),
            by=None,
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "x" * 5000}, "title"),
        ({"title": "\x00\x01\x02"}, "title"),
        ({"day": "31-02-2026"}, "day"),
        ({"day": "9999999999-01-01"}, "day"),
        ({"day": "1500-01-01"}, "day"),
        ({"start_time": "25:00"}, "start_time"),
        ({"end_time": "18:00"}, "end_time"),
        ({"end_time": "19:00"}, "end_time"),
        ({"day": "2027-03-28", "start_time": "02:30", "end_time": "04:00"}, "start_time"),  # does not exist
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"online_url": "https://" + "a" * 300 + ".nl"}, "online_url"),
        ({"location": "x" * 301}, "location"),
        ({"accessibility_notes": "x" * 501}, "accessibility_notes"),
        ({"agenda": "x" * 6000}, "agenda"),
        ({"kind": "tafel"}, "kind"),
        ({"kind": "iets"}, "kind"),
    ],
)
def test_hostile_input_on_the_meeting_form_is_a_form_error(client, world, overrides, field):
    client.force_login(world.people["lid_velsen"])
    response = client.post(f"{CREATE}?raad={world.velsen_council.slug}", form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Meeting.objects.exists()
    assert "Niet alles is goed ingevuld" in response.content.decode()


def test_control_characters_are_removed_and_a_newline_never_reaches_a_subject(client, world):
    client.force_login(world.people["lid_velsen"])
    client.post(f"{CREATE}?raad={world.velsen_council.slug}", form_data(title="Over\x00leg\r\n\tBcc: x"))
    assert Meeting.objects.get().title == "Overleg Bcc: x"


# --- Changing and cancelling --------------------------------------------------------------------------------


def invited_meeting(world, django_capture_on_commit_callbacks, *, people=3, **kwargs) -> Meeting:
    table = make_table(world.velsen_council)
    for n in range(people):
        seat_guest(table, name=f"Gast {n}", email=f"gast{n}@example.org")
    meeting = f.MeetingFactory(council=world.velsen_council, table=table, kind=MeetingKind.TABLE, **kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_invite(meeting=meeting, by=None)
    return meeting


def test_moving_a_meeting_raises_the_sequence_and_sends_one_update_to_those_who_did_not_decline(
    client, world, django_capture_on_commit_callbacks
):
    meeting = invited_meeting(world, django_capture_on_commit_callbacks)
    declined = Invitation.objects.get(email="gast0@example.org")
    declined.response = Response.NO
    declined.save()
    mail.outbox.clear()
    client.force_login(world.people["lid_velsen"])
    url = reverse("tables:meeting_edit", args=[meeting.pk])
    form = client.get(url).context["form"]
    assert form.initial["start_time"] == time(19, 0)
    data = form_data(title=meeting.title, day=future_day(25).isoformat(), start_time="20:00", end_time="21:30")
    data.pop("kind")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["gast1@example.org", "gast2@example.org"]
    assert all(m.subject.startswith("Gewijzigd:") for m in mail.outbox)
    calendar = Calendar.from_ical(f.calendar_attachment(mail.outbox[0]))
    assert int(calendar.walk("VEVENT")[0]["SEQUENCE"]) == 1
    # The same form again (no change) and a title change: no new sequence, no mail.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
        client.post(url, {**data, "title": "Andere titel"})
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.title == "Andere titel"
    assert len(mail.outbox) == 2
    assert set(Invitation.objects.exclude(pk=declined.pk).values_list("sent_sequence", flat=True)) == {1}


def test_cancelling_sends_one_cancellation_each(client, world, django_capture_on_commit_callbacks):
    meeting = invited_meeting(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    client.force_login(world.people["lid_velsen"])
    url = reverse("tables:meeting_cancel", args=[meeting.pk])
    assert client.get(url).status_code == 200  # the confirmation page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
        assert client.post(url).status_code == 302  # a second click: refused with a message
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None and meeting.sequence == 1
    assert len(mail.outbox) == 3
    assert all(m.subject.startswith("Geannuleerd:") for m in mail.outbox)
    calendar = Calendar.from_ical(f.calendar_attachment(mail.outbox[0]))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert int(calendar.walk("VEVENT")[0]["SEQUENCE"]) == 1
    assert OutboxMessage.objects.filter(kind="meeting-cancel").count() == 3
    # A cancelled meeting is not changed, and nobody is invited to it any more.
    assert client.get(reverse("tables:meeting_edit", args=[meeting.pk])).status_code == 302
    client.post(reverse("tables:meeting_invite", args=[meeting.pk]))
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    ("persona", "status"),
    [("lid_velsen", 302), ("beleid_velsen", 302), ("aanjager", 403), ("lid_beverwijk", 404), ("inwoner", 404)],
)
def test_who_may_cancel(client, world, persona, status):
    meeting = f.MeetingFactory(council=world.velsen_council)
    client.force_login(world.people[persona])
    assert client.post(reverse("tables:meeting_cancel", args=[meeting.pk])).status_code == status
    meeting.refresh_from_db()
    assert (meeting.cancelled_at is not None) == (status == 302)


# --- The list and the details ------------------------------------------------------------------------------


def test_list_shows_upcoming_first_and_the_past_on_request(client, world):
    now = timezone.now()
    f.MeetingFactory(
        council=world.velsen_council,
        title="Later",
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=30, hours=2),
    )
    f.MeetingFactory(
        council=world.velsen_council,
        title="Straks",
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=2, hours=2),
    )
    f.MeetingFactory(
        council=world.velsen_council,
        title="Voorbij",
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(hours=2),
    )
    f.MeetingFactory(
        council=world.beverwijk_council,
        title="Beverwijk",
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=2),
    )
    client.force_login(world.people["lid_velsen"])
    response = client.get(LIST)
    assert [m.title for m in response.context["page"].object_list] == ["Straks", "Later"]
    response = client.get(LIST, {"past": "on"})
    assert [m.title for m in response.context["page"].object_list] == ["Voorbij"]
    response = client.get(LIST, {"kind": MeetingKind.CONSULTATION})
    assert list(response.context["page"].object_list) == []
    # The aanjager reads every council's.
    client.force_login(world.people["aanjager"])
    assert {m.title for m in client.get(LIST).context["page"].object_list} == {"Straks", "Later", "Beverwijk"}
    client.force_login(world.people["aanjager"])
    filtered = client.get(LIST, {"council": world.beverwijk_council.pk})
    assert [m.title for m in filtered.context["page"].object_list] == ["Beverwijk"]


@pytest.mark.parametrize(
    "query",
    [
        {"council": "abc"},
        {"council": "٣"},
        {"council": "9" * 30},
        {"kind": "x"},
        {"pagina": "x" * 100},
        {"past": "\x00"},
    ],
)
def test_hostile_filters_on_the_list_never_fail(client, world, query):
    f.MeetingFactory(council=world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    assert client.get(LIST, query).status_code == 200


def test_list_needs_a_work_role(client, world):
    client.force_login(world.people["inwoner"])
    assert client.get(LIST).status_code == 403
    client.force_login(world.people["ervaring"])
    assert client.get(LIST).status_code == 403


def test_list_scope_and_the_coming_and_past_meetings(client, world):
    """An advisor of Velsen lists Velsen's meetings, not Heemskerk's nor the region's; the coming ones (one
    still going on included) soonest first, and with "eerdere" the past ones, latest first."""
    now = timezone.now()
    going_on = f.MeetingFactory(
        council=world.velsen_council,
        title="Nu bezig",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    coming = f.MeetingFactory(council=world.velsen_council, title="Straks")
    past = f.MeetingFactory(
        council=world.velsen_council,
        title="Vorige maand",
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=30) + timedelta(hours=2),
    )
    f.MeetingFactory(council=world.heemskerk_council, title="Heemskerk")
    f.MeetingFactory(council=world.regional_council, title="Regio")
    client.force_login(world.people["beleid_velsen"])
    page = client.get(LIST).context["page"]
    assert [m.pk for m in page.object_list] == [going_on.pk, coming.pk]
    assert page.paginator.count == 2
    earlier = client.get(LIST, {"past": "on"}).context["page"]
    assert [m.pk for m in earlier.object_list] == [past.pk]


def _list_queries(client, world, count: int) -> int:
    for _n in range(count):
        meeting = f.MeetingFactory(council=world.velsen_council)
        f.InvitationFactory.create_batch(2, meeting=meeting, response=Response.YES)
    client.force_login(world.people["lid_velsen"])
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)
    assert response.context["page"].object_list[0].coming == 2
    return len(queries)


def test_list_queries_do_not_grow_with_rows(client, world):
    few = _list_queries(client, world, 5)
    Meeting.objects.all().delete()
    many = _list_queries(client, world, 50)
    # session, user, scope ×2; the councils; count, the meetings with their answers counted; session save ×3
    assert few == many == 10


def _detail_queries(client, world, count: int) -> int:
    meeting = cast(Meeting, f.MeetingFactory(council=world.velsen_council, title=f"Met {count}"))
    for n in range(count):
        f.InvitationFactory(meeting=meeting, needs=[Need.TRANSPORT], needs_note=f"Ophalen {n}", response=Response.YES)
    client.force_login(world.people["lid_velsen"])
    url = meeting.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == count
    return len(queries)


def test_detail_queries_do_not_grow_with_invitations(client, world):
    few = _detail_queries(client, world, 5)
    many = _detail_queries(client, world, 50)
    # session, user, scope ×2; the meeting; its invitations with seats; history (records); session save ×3
    assert few == many == 10


def test_members_see_responses_and_needs_per_person(client, world):
    meeting = f.MeetingFactory(council=world.velsen_council)
    f.InvitationFactory(
        meeting=meeting,
        name="Anna Komt",
        response=Response.YES,
        needs=[Need.TRANSPORT, Need.INTERPRETER],
        needs_note="Gebarentolk NGT",
    )
    f.InvitationFactory(meeting=meeting, name="Bert Niet", response=Response.NO)
    f.InvitationFactory(meeting=meeting, name="Cor Stil")
    f.InvitationFactory(
        meeting=meeting, name="Dini Dieet", response=Response.MAYBE, needs=[Need.DIETARY, Need.EASY_READ]
    )
    client.force_login(world.people["beleid_velsen"])
    response = client.get(meeting.get_absolute_url())
    page = response.content.decode()
    assert response.context["counts"] == {"geen": 1, "ja": 1, "nee": 1, "misschien": 1}
    for text in (
        "Anna Komt",
        "vervoer",
        "een tolk (ook gebarentolk)",
        "Gebarentolk NGT",
        "Bert Niet",
        "Komt niet",
        "Cor Stil",
        "Nog geen antwoord",
        "dieetwensen",
        "stukken in eenvoudige taal",
    ):
        assert text in page, text
    assert "Uitnodigingen versturen" in page
    # Looking is enough for the aanjager; no buttons. Another council's member does not see it at all.
    client.force_login(world.people["aanjager"])
    assert "Uitnodigingen versturen" not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(world.people["lid_beverwijk"])
    assert client.get(meeting.get_absolute_url()).status_code == 404


# --- Minutes ---------------------------------------------------------------------------------------------


def test_minutes_and_attendance_after_the_meeting(client, world):
    now = timezone.now()
    meeting = f.MeetingFactory(
        council=world.velsen_council, starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1)
    )
    here, away, unknown = f.InvitationFactory.create_batch(3, meeting=meeting)
    other = f.InvitationFactory(meeting=f.MeetingFactory(council=world.velsen_council))
    client.force_login(world.people["lid_velsen"])
    url = reverse("tables:meeting_minutes", args=[meeting.pk])
    assert client.get(url).status_code == 200
    data = {
        "minutes": "We spraken over vervoer.\x00",
        f"aanwezig_{here.pk}": "ja",
        f"aanwezig_{away.pk}": "nee",
        f"aanwezig_{unknown.pk}": "",
        f"aanwezig_{other.pk}": "ja",  # another meeting's invitation: ignored
    }
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "We spraken over vervoer."
    assert [Invitation.objects.get(pk=i.pk).attended for i in (here, away, unknown, other)] == [True, False, None, None]
    assert client.post(url, {**data, f"aanwezig_{here.pk}": "misschien"}).status_code == 400
    assert client.post(url, {**data, "minutes": "x" * 20001}).status_code == 400


def test_no_minutes_before_the_meeting_began(client, world):
    meeting = f.MeetingFactory(council=world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    response = client.post(reverse("tables:meeting_minutes", args=[meeting.pk]), {"minutes": "Te vroeg"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == ""


# --- The personal calendar feed -------------------------------------------------------------------------


def test_member_makes_a_feed_url_once_and_can_revoke_it(client, world):
    mine = f.MeetingFactory(council=world.velsen_council, title="Raad Velsen")
    f.MeetingFactory(council=world.beverwijk_council, title="Raad Beverwijk")
    client.force_login(world.people["lid_velsen"])
    settings_url = reverse("tables:calendar_settings")
    assert client.get(settings_url).status_code == 200
    response = client.post(settings_url, {"actie": "maken"})
    assert response.status_code == 200
    feed_url = response.context["feed_url"]
    token = re.search(r"/kalender/([A-Za-z0-9_-]+)\.ics$", feed_url).group(1)
    assert CalendarFeed.objects.get().token_hash == services.hash_token(token)
    assert token not in client.get(settings_url).content.decode()  # shown once
    client.logout()
    feed = client.get(f"/kalender/{token}.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Raad Velsen"]
    assert str(calendar.walk("VEVENT")[0]["UID"]).startswith(str(mine.uid))
    client.force_login(world.people["lid_velsen"])
    client.post(settings_url, {"actie": "intrekken"})
    client.logout()
    assert client.get(f"/kalender/{token}.ics").status_code == 404


def test_a_new_feed_url_replaces_the_old_one(client, world):
    client.force_login(world.people["lid_velsen"])
    first = services.calendar_feed_create(user=world.people["lid_velsen"])
    second = services.calendar_feed_create(user=world.people["lid_velsen"])
    assert client.get(f"/kalender/{first}.ics").status_code == 404
    assert client.get(f"/kalender/{second}.ics").status_code == 200


@pytest.mark.parametrize("token", ["x", "a" * 43, "../../etc/passwd", "%00" * 30, "٣" * 43])
def test_unknown_feed_tokens_are_404(client, world, token):
    assert client.get(f"/kalender/{token}.ics").status_code == 404


def test_feed_of_a_deactivated_person_is_404(client, world):
    token = services.calendar_feed_create(user=world.people["lid_velsen"])
    world.people["lid_velsen"].is_active = False
    world.people["lid_velsen"].save()
    assert client.get(f"/kalender/{token}.ics").status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("lid_velsen", 200), ("lid_regio", 200), ("beleid_velsen", 403), ("aanjager", 403), ("inwoner", 403)],
)
def test_who_may_have_a_feed(client, world, persona, status):
    client.force_login(world.people[persona])
    assert client.get(reverse("tables:calendar_settings")).status_code == status


def test_unknown_feed_action_is_400(client, world):
    client.force_login(world.people["lid_velsen"])
    assert client.post(reverse("tables:calendar_settings"), {"actie": "x" * 1000}).status_code == 400
    assert not CalendarFeed.objects.exists()
