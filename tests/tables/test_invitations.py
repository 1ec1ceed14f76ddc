"""Invitations: who is invited (a table's seats; a council's members; the consultation's advisors too),
one per person per meeting, mailed once per sequence with a calendar file; the personal link (stored
hashed, no login, valid until the meeting has ended; otherwise a friendly 404); answering with needs; a
yes from a seat that was asked makes it "doet mee" so the table can become active (rule 1)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from infrastructure.models import OutboxMessage
from members.models import Role
from tables import meetings as services
from tables import services as table_services
from tables.models import Invitation, MeetingKind, Need, Response, Seat, SeatStatus, StakeholderType, TableStatus

from .. import factories as f
from .test_meetings import make_table, seat_guest

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/uitnodiging/([A-Za-z0-9_-]+)/")


def token_of(email) -> str:
    found = LINK.search(email.body)
    assert found, "the mail carries no personal link"
    return found.group(1)


def invite(meeting, capture):
    with capture(execute=True):
        return services.meeting_invite(meeting=meeting, by=None)


@pytest.fixture
def table_meeting(world):
    table = make_table(world.velsen_council)
    member = world.people["lid_velsen"]
    expert = f.ExpertProfileFactory(council=world.velsen_council, name="Anna Ervaring", email="anna@example.org")
    table_services.seat_add(table=table, stakeholder_type=StakeholderType.CLIENT, by=member, expert=expert)
    table_services.seat_add(
        table=table, stakeholder_type=StakeholderType.CLIENT, by=member, user=world.people["ervaring"], accepted=True
    )
    seat_guest(table, name="Gerrit Gast", email="Gerrit@Example.org")
    declined = seat_guest(table, name="Dirk Af", email="dirk@example.org")
    table_services.seat_set_status(seat=declined, status=SeatStatus.DECLINED, by=member)
    return f.MeetingFactory(council=world.velsen_council, table=table, kind=MeetingKind.TABLE, title="Tafel vervoer")


def test_a_table_meeting_invites_every_asked_or_accepted_seat_once(
    world, table_meeting, django_capture_on_commit_callbacks
):
    result = invite(table_meeting, django_capture_on_commit_callbacks)
    assert (result.created, result.mailed) == (3, 3)
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "anna@example.org",
        "ervaring@example.org",
        "gerrit@example.org",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ervaring@example.org", "gerrit@example.org"]
    invitation = Invitation.objects.get(email="anna@example.org")
    assert invitation.seat.expert.name == "Anna Ervaring" and invitation.sent_sequence == 0
    assert Invitation.objects.get(email="ervaring@example.org").user == world.people["ervaring"]
    # The dedup key names the invitation and the sequence, never an address.
    keys = set(OutboxMessage.objects.values_list("dedup_key", flat=True))
    assert keys == {f"meeting-invitation:{i.pk}:0" for i in Invitation.objects.all()}
    # Sending again (a second click, a retry) sends nothing and creates nobody twice.
    again = invite(table_meeting, django_capture_on_commit_callbacks)
    assert (again.created, again.mailed) == (0, 0)
    assert len(mail.outbox) == 3 and Invitation.objects.count() == 3
    # Someone seated later is invited with the next click, alone.
    seat_guest(table_meeting.table, name="Later", email="later@example.org")
    assert invite(table_meeting, django_capture_on_commit_callbacks).mailed == 1
    assert mail.outbox[-1].to == ["later@example.org"]


def test_the_mail_is_dutch_with_amsterdam_time_place_access_and_a_calendar_file(
    world, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = "https://participatie.example.org"
    table = make_table(world.velsen_council)
    seat_guest(table)
    starts = services.amsterdam_datetime(
        timezone.localdate() + timedelta(days=30), timezone.datetime.min.time().replace(hour=19, minute=30)
    )
    meeting = f.MeetingFactory(
        council=world.velsen_council,
        table=table,
        kind=MeetingKind.TABLE,
        title="Vervoer",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        location="Wijkcentrum, IJmuiden",
        accessibility_notes="Ringleiding aanwezig",
        online_url="https://meet.example.org/vervoer",
    )
    invite(meeting, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.subject == "Uitnodiging: Vervoer"
    for text in (
        "Beste Gerrit Gast",
        "19:30–21:30 uur",
        "Wijkcentrum, IJmuiden",
        "Ringleiding aanwezig",
        "https://meet.example.org/vervoer",
        "https://participatie.example.org/uitnodiging/",
    ):
        assert text in message.body, text
    calendar = Calendar.from_ical(f.calendar_attachment(message))
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"{meeting.uid}@participatie.example.org"
    assert event.decoded("DTSTART") == starts
    assert f"/uitnodiging/{token_of(message)}/" in str(event["DESCRIPTION"])
    part = next(p for p in message.message().walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "REQUEST" and part.get_filename() == "uitnodiging.ics"


def test_a_council_meeting_invites_its_members_and_the_consultation_also_the_advisors(
    world, django_capture_on_commit_callbacks
):
    meeting = f.MeetingFactory(council=world.velsen_council, kind=MeetingKind.COUNCIL)
    invite(meeting, django_capture_on_commit_callbacks)
    assert set(meeting.invitations.values_list("email", flat=True)) == {
        "lid.velsen@example.org",
        "voorzitter.velsen@example.org",
    }
    f.RoleAssignmentFactory(
        person=f.UserFactory(email="oud.beleid@example.org"),
        role=Role.BELEIDSADVISEUR,
        municipality=world.velsen,
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    consultation = f.MeetingFactory(council=world.velsen_council, kind=MeetingKind.CONSULTATION)
    invite(consultation, django_capture_on_commit_callbacks)
    assert set(consultation.invitations.values_list("email", flat=True)) == {
        "lid.velsen@example.org",
        "voorzitter.velsen@example.org",
        "beleid.velsen@example.org",
    }
    regional = f.MeetingFactory(council=world.regional_council, kind=MeetingKind.CONSULTATION)
    invite(regional, django_capture_on_commit_callbacks)
    assert set(regional.invitations.values_list("email", flat=True)) == {
        "lid.regio@example.org",
        "beleid.velsen@example.org",
        "beleid.beverwijk@example.org",
    }


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("lid_velsen", 302),
        ("beleid_velsen", 302),
        ("aanjager", 403),
        ("ondersteuning", 403),
        ("lid_beverwijk", 404),
        ("inwoner", 404),
    ],
)
def test_who_may_send_the_invitations(client, world, table_meeting, persona, status):
    client.force_login(world.people[persona])
    url = f"/werk/bijeenkomsten/{table_meeting.pk}/uitnodigen/"
    assert client.get(url).status_code in {405, 404, 403}
    assert client.post(url).status_code == status
    assert Invitation.objects.exists() == (status == 302)


# --- The personal link ---------------------------------------------------------------------------------------


def test_the_token_is_stored_hashed_and_answering_stores_response_and_needs(
    client, world, table_meeting, django_capture_on_commit_callbacks
):
    invite(table_meeting, django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == ["gerrit@example.org"])
    token = token_of(message)
    invitation = Invitation.objects.get(email="gerrit@example.org")
    assert invitation.token_hash == services.hash_token(token) and token not in invitation.token_hash
    url = f"/uitnodiging/{token}/"
    page = client.get(url)
    assert page.status_code == 200 and "Tafel vervoer" in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex"
    response = client.post(
        url,
        {"response": "ja", "needs": [Need.TRANSPORT, Need.DIETARY], "needs_note": "Glutenvrij\x00, ophalen Zeeweg 3"},
    )
    assert response.status_code == 302 and response["Location"] == url
    invitation.refresh_from_db()
    assert invitation.response == Response.YES and invitation.responded_at is not None
    assert invitation.needs == [Need.TRANSPORT, Need.DIETARY]
    assert invitation.needs_note == "Glutenvrij, ophalen Zeeweg 3"
    # Changing one's mind works with the same link.
    client.post(url, {"response": "nee"})
    invitation.refresh_from_db()
    assert invitation.response == Response.NO and invitation.needs == []


def test_a_yes_from_an_asked_client_makes_the_seat_accepted_and_the_table_can_become_active(
    client, world, table_meeting, django_capture_on_commit_callbacks
):
    table = table_meeting.table
    Seat.objects.filter(user=world.people["ervaring"]).update(status=SeatStatus.INVITED)
    invite(table_meeting, django_capture_on_commit_callbacks)
    with pytest.raises(Exception):  # noqa: B017, PT011 - rule 1: no accepted client yet
        table_services.table_set_status(table=table, status=TableStatus.ACTIVE, by=None)
    token = token_of(next(m for m in mail.outbox if m.to == ["anna@example.org"]))
    client.post(f"/uitnodiging/{token}/", {"response": "misschien"})
    assert Seat.objects.get(expert__email="anna@example.org").status == SeatStatus.INVITED
    client.post(f"/uitnodiging/{token}/", {"response": "ja"})
    seat = Seat.objects.get(expert__email="anna@example.org")
    assert seat.status == SeatStatus.ACCEPTED and seat.accepted_at is not None
    table.refresh_from_db()
    table_services.table_set_status(table=table, status=TableStatus.ACTIVE, by=world.people["lid_velsen"])
    assert table.status == TableStatus.ACTIVE


@pytest.mark.parametrize(
    "token",
    ["", "kort", "a" * 43, "a" * 5000, "<script>alert(1)</script>", "%00%01", "٣" * 43, "..%2F..%2Fadmin"],
)
def test_unknown_or_malformed_tokens_get_the_friendly_404(client, world, token):
    response = client.get(f"/uitnodiging/{token}/")
    assert response.status_code == 404
    page = response.content.decode()
    # A token with a slash does not reach the view: the site's own 404 page, as friendly.
    assert ("Deze link werkt niet (meer)" in page) or ("Deze pagina bestaat niet" in page)
    assert "Traceback" not in page


def test_a_tampered_or_replaced_token_and_an_ended_meeting_get_the_friendly_404(
    client, world, table_meeting, django_capture_on_commit_callbacks
):
    invite(table_meeting, django_capture_on_commit_callbacks)
    token = token_of(next(m for m in mail.outbox if m.to == ["gerrit@example.org"]))
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.get(f"/uitnodiging/{tampered}/")
    assert response.status_code == 404 and "Deze link werkt niet (meer)" in response.content.decode()
    assert client.post(f"/uitnodiging/{tampered}/", {"response": "ja"}).status_code == 404
    # The meeting moves: the update carries a new link and the old one stops working.
    table_meeting.refresh_from_db()
    table_meeting.starts_at += timedelta(days=1)
    table_meeting.ends_at += timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_save(meeting=table_meeting, by=None)
    new = token_of(next(m for m in mail.outbox if m.to == ["gerrit@example.org"] and m.subject.startswith("Gewijzigd")))
    assert client.get(f"/uitnodiging/{token}/").status_code == 404
    assert client.get(f"/uitnodiging/{new}/").status_code == 200
    # After the meeting has ended the link no longer works.
    table_meeting.refresh_from_db()
    table_meeting.starts_at = timezone.now() - timedelta(hours=3)
    table_meeting.ends_at = timezone.now() - timedelta(minutes=1)
    table_meeting.save()
    response = client.get(f"/uitnodiging/{new}/")
    assert response.status_code == 404 and "Deze link werkt niet (meer)" in response.content.decode()
    assert client.post(f"/uitnodiging/{new}/", {"response": "ja"}).status_code == 404
    assert Invitation.objects.get(email="gerrit@example.org").response == Response.NONE


def test_a_cancelled_meeting_shows_it_is_cancelled_and_takes_no_answer(
    client, world, table_meeting, django_capture_on_commit_callbacks
):
    invite(table_meeting, django_capture_on_commit_callbacks)
    token = token_of(next(m for m in mail.outbox if m.to == ["gerrit@example.org"]))
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=table_meeting, by=None)
    page = client.get(f"/uitnodiging/{token}/")
    assert page.status_code == 200 and "Deze bijeenkomst gaat niet door" in page.content.decode()
    assert page.context["form"] is None
    assert client.post(f"/uitnodiging/{token}/", {"response": "ja"}).status_code == 400
    assert Invitation.objects.get(email="gerrit@example.org").response == Response.NONE


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"response": "geen"},
        {"response": "x" * 5000},
        {"response": "ja", "needs": ["helikopter"]},
        {"response": "ja", "needs_note": "x" * 501},
        {"response": ["ja", "nee"], "needs": ["vervoer"] * 100 + ["\x00"]},
    ],
)
def test_hostile_answers_are_a_form_error(client, world, table_meeting, django_capture_on_commit_callbacks, data):
    invite(table_meeting, django_capture_on_commit_callbacks)
    token = token_of(next(m for m in mail.outbox if m.to == ["gerrit@example.org"]))
    response = client.post(f"/uitnodiging/{token}/", data)
    assert response.status_code == 400
    assert "Niet alles is goed ingevuld" in response.content.decode()
    assert Invitation.objects.get(email="gerrit@example.org").response == Response.NONE


def test_the_link_page_is_rate_limited_per_address(
    client, world, settings, table_meeting, django_capture_on_commit_callbacks
):
    from tables.views import meetings as views

    invite(table_meeting, django_capture_on_commit_callbacks)
    token = token_of(mail.outbox[0])
    settings.RATELIMIT_ENABLE = True
    original = views.INVITATION_RATE
    views.INVITATION_RATE = "3/m"
    try:
        statuses = [client.get(f"/uitnodiging/{token}/").status_code for _ in range(4)]
        guessed = client.get(f"/uitnodiging/{'b' * 43}/").status_code
    finally:
        views.INVITATION_RATE = original
    assert statuses == [200, 200, 200, 429] and guessed == 429
