"""Rules 2 and 3 in the services: adoption, the gapless number, the frozen text, sending with the
response term, reminders exactly once, the college's response per recommendation, residents hearing back."""

from __future__ import annotations

import io
import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections
from django.utils import timezone
from pypdf import PdfWriter

from advice import services
from advice.models import (
    Advice,
    AdviceFrozen,
    AdviceNumberCounter,
    AdviceStatus,
    CollegeResponse,
    Recommendation,
    Verdict,
)
from infrastructure.mail import flush_due
from infrastructure.models import OutboxMessage
from members.models import CouncilRole
from signals.models import Signal
from tests import factories as f
from tests.postgresql import needs_postgresql as needs_postgresql_for

needs_postgresql = needs_postgresql_for("concurrent row locks need PostgreSQL")


def delivered() -> list:
    """The mails queued so far, delivered now (the outbox delivers after commit; a test's transaction
    never commits)."""
    flush_due()
    return mail.outbox


def small_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _fast_pdf(monkeypatch):
    """The PDF itself is tested in test_pdf.py; here a small real PDF stands in for WeasyPrint's."""
    monkeypatch.setattr("advice.pdf.render_advice_pdf", lambda advice: small_pdf())


@pytest.fixture
def chair(world):
    return world.people["voorzitter_velsen"]


@pytest.fixture
def ready(world):
    """A Velsen draft ready for adoption (three recommendations, every required section)."""
    world.velsen.college_email = "college@velsen.example.org"
    world.velsen.save()
    advice = f.AdviceFactory(council=world.velsen_council, with_recommendations=3)
    return services.advice_submit(advice=advice, by=world.people["lid_velsen"])


def adopted(advice, chair, on=None):
    return services.advice_adopt(advice=advice, by=chair, on=on)


# --- Rule 2: adoption ------------------------------------------------------------------------------


def test_adoption_needs_subject_recommendation_client_perspective_and_summary(world):
    advice = f.AdviceFactory(council=world.velsen_council, client_perspective="", plain_summary="")
    problems = [str(p) for p in services.adoption_problems(advice)]
    assert any("aanbeveling" in p for p in problems)
    assert any("cliëntperspectief" in p for p in problems)
    assert any("samenvatting" in p for p in problems)
    with pytest.raises(ValidationError):
        services.advice_submit(advice=advice, by=world.people["lid_velsen"])
    assert Advice.objects.get(pk=advice.pk).status == AdviceStatus.DRAFT


def test_solicited_advice_needs_a_request_or_a_formal_request(world):
    advice = f.AdviceFactory(council=world.velsen_council, kind="gevraagd", with_recommendations=1)
    assert any("verzoek" in str(p) for p in services.adoption_problems(advice))
    advice.formal_request_reference = "Brief van 3 maart 2026, kenmerk 2026-0311"
    advice.save()
    assert services.adoption_problems(advice) == []


def test_adoption_gives_the_next_number_per_council_and_year(world, ready, chair):
    advice = adopted(ready, chair, on=date(2026, 5, 4))
    assert advice.number == "VEL-2026-001"
    assert advice.status == AdviceStatus.ADOPTED
    assert advice.signed_by_chair == chair.get_full_name()
    second = services.advice_submit(
        advice=f.AdviceFactory(council=world.velsen_council, with_recommendations=1), by=chair
    )
    assert adopted(second, chair, on=date(2026, 6, 1)).number == "VEL-2026-002"
    # A new year starts at 1; another council has its own sequence.
    third = services.advice_submit(
        advice=f.AdviceFactory(council=world.velsen_council, with_recommendations=1), by=chair
    )
    assert adopted(third, chair, on=date(2027, 1, 5)).number == "VEL-2027-001"
    regional = f.AdviceFactory(council=world.regional_council, with_recommendations=1)
    f.MembershipFactory(person=chair, council=world.regional_council, role=CouncilRole.SECRETARIS)
    regional = services.advice_submit(advice=regional, by=chair)
    assert adopted(regional, chair, on=date(2026, 7, 1)).number == "IJM-2026-001"


def test_a_draft_not_offered_for_adoption_is_not_adopted(world, chair):
    advice = f.AdviceFactory(council=world.velsen_council, with_recommendations=1)
    with pytest.raises(ValidationError):
        services.advice_adopt(advice=advice, by=chair)
    assert not AdviceNumberCounter.objects.exists()


def test_a_failed_adoption_gives_its_number_back(world, ready, chair, monkeypatch):
    """Gapless: when adoption fails after taking a number, the transaction rolls the counter back."""

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "board_names", broken)
    with pytest.raises(RuntimeError):
        adopted(ready, chair, on=date(2026, 5, 4))
    monkeypatch.undo()
    monkeypatch.setattr("advice.pdf.render_advice_pdf", lambda advice: small_pdf())
    assert adopted(Advice.objects.get(pk=ready.pk), chair, on=date(2026, 5, 4)).number == "VEL-2026-001"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_chairs_adopting_at_the_same_moment_get_consecutive_numbers():
    """Two transactions adopt at once: the counter row's lock makes one wait; numbers 1 and 2, no gap,
    no double (the unique constraint would refuse a double anyway)."""
    from tests.conftest import build_world

    world = build_world()
    secretary = f.UserFactory(email="secretaris.velsen@example.org")
    f.MembershipFactory(person=secretary, council=world.velsen_council, role=CouncilRole.SECRETARIS)
    drafts = [
        services.advice_submit(
            advice=f.AdviceFactory(council=world.velsen_council, with_recommendations=1), by=secretary
        )
        for _ in range(2)
    ]
    # The counter row exists, so both transactions queue on the same lock.
    AdviceNumberCounter.objects.create(council=world.velsen_council, year=2026, last_sequence=0)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def adopt(advice, by):
        try:
            barrier.wait(timeout=10)
            services.advice_adopt(advice=advice, by=by, on=date(2026, 9, 1))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=adopt, args=(drafts[0], world.people["voorzitter_velsen"])),
        threading.Thread(target=adopt, args=(drafts[1], secretary)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    numbers = sorted(Advice.objects.values_list("number", flat=True))
    assert numbers == ["VEL-2026-001", "VEL-2026-002"]
    assert AdviceNumberCounter.objects.get(council=world.velsen_council, year=2026).last_sequence == 2


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_adoption_in_a_new_year_creates_one_counter():
    """No counter row yet: both create it without a race (INSERT … ON CONFLICT DO NOTHING), then lock it."""
    from tests.conftest import build_world

    world = build_world()
    secretary = f.UserFactory(email="secretaris2.velsen@example.org")
    f.MembershipFactory(person=secretary, council=world.velsen_council, role=CouncilRole.SECRETARIS)
    drafts = [
        services.advice_submit(
            advice=f.AdviceFactory(council=world.velsen_council, with_recommendations=1), by=secretary
        )
        for _ in range(4)
    ]
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def adopt(advice):
        try:
            barrier.wait(timeout=10)
            services.advice_adopt(advice=advice, by=secretary, on=date(2031, 1, 2))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=adopt, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(Advice.objects.values_list("number", flat=True)) == [f"VEL-2031-00{n}" for n in range(1, 5)]


def test_the_text_is_frozen_after_adoption(world, ready, chair):
    advice = adopted(ready, chair)
    advice.subject = "Iets anders"
    with pytest.raises(AdviceFrozen):
        advice.save()
    recommendation = advice.recommendations.first()
    recommendation.text = "Nieuwe tekst"
    with pytest.raises(AdviceFrozen):
        recommendation.save()
    with pytest.raises(AdviceFrozen):
        recommendation.delete()
    with pytest.raises(AdviceFrozen):
        Recommendation.objects.create(advice=advice, number=9, title="Extra", text="Extra")
    with pytest.raises(ValidationError):
        services.ensure_editable(advice)
    # The college's verdict may still be written.
    recommendation.refresh_from_db()
    recommendation.verdict = Verdict.ADOPTED
    recommendation.save(update_fields=["verdict"])


def test_a_correction_is_a_new_draft_that_refers_to_the_adopted_advice(world, ready, chair):
    advice = adopted(ready, chair)
    correction = services.advice_create(
        council=advice.council, kind=advice.kind, subject=f"Correctie: {advice.subject}", by=chair, corrects=advice
    )
    assert correction.status == AdviceStatus.DRAFT
    assert correction.corrects == advice
    assert correction.recommendations.count() == 3
    assert correction.client_perspective == advice.client_perspective
    draft = f.AdviceFactory(council=world.velsen_council)
    with pytest.raises(ValidationError):
        services.advice_create(council=draft.council, kind=draft.kind, subject="x", by=chair, corrects=draft)


def test_pdf_rendered_once_with_its_hash(world, ready, chair):
    advice = adopted(ready, chair)
    advice.refresh_from_db()
    # The adoption's task ran in-process (CELERY_TASK_ALWAYS_EAGER) after the commit.
    stored = services.advice_store_pdf(advice.pk)
    assert stored.pdf_sha256 and stored.pdf.name.endswith(".pdf")
    again = services.advice_store_pdf(advice.pk)
    assert (again.pdf_sha256, again.pdf.name, again.pdf_rendered_at) == (
        stored.pdf_sha256,
        stored.pdf.name,
        stored.pdf_rendered_at,
    )
    assert services.advice_pdf_bytes(again) == small_pdf()


def test_werkwijze_prefilled_from_the_tables(world):
    from tables.models import Seat, Table

    table = Table.objects.create(
        council=world.velsen_council, title="Tafel toegang", question="Hoe?", origin="eigen_initiatief"
    )
    for number, kind in enumerate(["client", "client", "mantelzorger"]):
        Seat.objects.create(
            table=table,
            stakeholder_type=kind,
            status="doet_mee",
            guest_name=f"Gast {number}",
            guest_email=f"gast{number}@example.org",
        )
    held = timezone.now() - timedelta(days=3)
    f.MeetingFactory(council=world.velsen_council, table=table, starts_at=held, ends_at=held + timedelta(hours=2))
    advice = services.advice_create(
        council=world.velsen_council, kind="ongevraagd", subject="Toegang", by=None, tables=[table]
    )
    assert "Tafel toegang" in advice.method
    assert "2 cliënt/ervaringsdeskundige, 1 mantelzorger" in advice.method
    assert "1 bijeenkomst" in advice.method


# --- Rule 3: sending, the response term, reminders ---------------------------------------------------


def test_sending_mails_the_pdf_and_starts_the_response_term(world, ready, chair):
    request = f.EarlyInvolvementRequestFactory(council=world.velsen_council, filed_by=world.people["beleid_velsen"])
    Advice.objects.filter(pk=ready.pk).update(kind="gevraagd", request=request)
    advice = adopted(Advice.objects.get(pk=ready.pk), chair)
    sent_on = timezone.localdate()
    advice = services.advice_send(advice=advice, by=chair)
    assert advice.status == AdviceStatus.SENT
    assert advice.response_due_on == sent_on + timedelta(weeks=world.velsen.advice_response_weeks)
    assert advice.published_on == sent_on
    recipients = sorted(m.to[0] for m in delivered())
    assert recipients == ["beleid.velsen@example.org", "college@velsen.example.org"]
    attachment = mail.outbox[0].attachments[0]
    assert attachment[0] == f"{advice.number}.pdf" and attachment[2] == "application/pdf"
    assert attachment[1] == small_pdf()
    # Sending twice is refused; no second mail.
    with pytest.raises(ValidationError):
        services.advice_send(advice=advice, by=chair)
    assert len(delivered()) == 2


def test_the_response_term_is_the_municipalitys_own(world, ready, chair):
    world.velsen.advice_response_weeks = 8
    world.velsen.save()
    today = timezone.localdate()
    advice = services.advice_send(advice=adopted(ready, chair), by=chair, today=today)
    assert advice.response_due_on == today + timedelta(weeks=8)


def test_publication_date_within_the_woo_term(world, ready, chair):
    advice = adopted(ready, chair)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.advice_send(advice=advice, by=chair, published_on=today + timedelta(weeks=3))
    assert "published_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.advice_send(advice=advice, by=chair, confidential_until=today + timedelta(days=30))
    advice = services.advice_send(
        advice=advice,
        by=chair,
        published_on=today + timedelta(days=5),
        confidential_reason="Het college besluit eerst over de aanbesteding.",
        confidential_until=today + timedelta(days=30),
    )
    assert advice not in Advice.objects.published()
    assert advice in Advice.objects.published(today=today + timedelta(days=30))
    assert advice.public_since == today + timedelta(days=30)


def test_reminders_seven_days_before_and_on_the_due_date_each_once(world, ready, chair):
    advice = services.advice_send(advice=adopted(ready, chair), by=chair)
    due = advice.response_due_on
    delivered()
    mail.outbox.clear()
    assert services.send_advice_reminders(today=due - timedelta(days=8)) == 0
    assert services.send_advice_reminders(today=due - timedelta(days=7)) == 1
    assert services.send_advice_reminders(today=due - timedelta(days=7)) == 0
    assert services.send_advice_reminders(today=due - timedelta(days=3)) == 0
    assert services.send_advice_reminders(today=due) == 1
    assert services.send_advice_reminders(today=due) == 0
    assert services.send_advice_reminders(today=due + timedelta(days=4)) == 0
    assert [m.to for m in delivered()] == [["college@velsen.example.org"]] * 2
    assert OutboxMessage.objects.filter(dedup_key__startswith=f"advice-reminder-7:{advice.pk}:").count() == 1
    assert OutboxMessage.objects.filter(dedup_key__startswith=f"advice-reminder-0:{advice.pk}:").count() == 1


def test_no_reminder_once_the_college_responded(world, ready, chair):
    advice = services.advice_send(advice=adopted(ready, chair), by=chair)
    answer_all(advice, world.people["beleid_velsen"])
    assert services.send_advice_reminders(today=advice.response_due_on) == 0


def test_overdue_advice(world, ready, chair):
    advice = services.advice_send(advice=adopted(ready, chair), by=chair)
    later = advice.response_due_on + timedelta(days=3)
    assert advice in Advice.objects.overdue(today=later)
    assert advice.days_overdue(today=later) == 3
    assert advice not in Advice.objects.overdue(today=advice.response_due_on)


# --- The response ------------------------------------------------------------------------------------


def answer_all(advice, by, verdict=Verdict.ADOPTED, received_on=None):
    return services.advice_record_response(
        advice=advice,
        by=by,
        received_on=received_on or timezone.localdate(),
        letter_text="Het college dankt de raad voor het advies.",
        verdicts={r.pk: services.VerdictInput(verdict, "Zo doen we het.") for r in advice.recommendations.all()},
    )


def test_response_per_recommendation_with_reasons(world, ready, chair):
    advice = services.advice_send(advice=adopted(ready, chair), by=chair)
    first, second, third = advice.recommendations.order_by("number")
    with pytest.raises(ValidationError) as error:
        services.advice_record_response(
            advice=advice,
            by=world.people["beleid_velsen"],
            received_on=timezone.localdate(),
            letter_text="Brief",
            verdicts={
                first.pk: services.VerdictInput(Verdict.ADOPTED),
                second.pk: services.VerdictInput(Verdict.PARTLY, ""),
            },
        )
    assert set(error.value.message_dict) == {f"reasons_{second.pk}", f"verdict_{third.pk}"}
    response = services.advice_record_response(
        advice=advice,
        by=world.people["beleid_velsen"],
        received_on=timezone.localdate(),
        letter_text="Brief",
        verdicts={
            first.pk: services.VerdictInput(Verdict.ADOPTED),
            second.pk: services.VerdictInput(Verdict.PARTLY, "Alleen in 2027."),
            third.pk: services.VerdictInput(Verdict.NOT_ADOPTED, "Geen budget."),
        },
        letter_pdf=small_pdf(),
    )
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.ANSWERED
    assert response.on_time and response.days_late == 0
    assert response.letter_pdf_sha256
    assert services.verdict_counts([advice.pk]) == {"overgenomen": 1, "deels": 1, "niet": 1}
    second.refresh_from_db()
    assert second.verdict_reasons == "Alleen in 2027."
    services.advice_close(advice=advice, by=chair)
    assert Advice.objects.get(pk=advice.pk).status == AdviceStatus.CLOSED


def test_a_late_response_counts_as_late(world, ready, chair):
    advice = services.advice_send(advice=adopted(ready, chair), by=chair, today=timezone.localdate())
    Advice.objects.filter(pk=advice.pk).update(
        sent_at=timezone.now() - timedelta(weeks=8), response_due_on=timezone.localdate() - timedelta(weeks=2)
    )
    advice.refresh_from_db()
    response = answer_all(advice, world.people["beleid_velsen"])
    assert not response.on_time and response.days_late == 14


def test_response_dates_make_sense(world, ready, chair):
    advice = services.advice_send(advice=adopted(ready, chair), by=chair)
    with pytest.raises(ValidationError):
        answer_all(advice, world.people["beleid_velsen"], received_on=timezone.localdate() + timedelta(days=1))
    assert not CollegeResponse.objects.exists()


# --- The letter upload: a PDF by its content ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("brief.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200),
        ("brief.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200),
        ("brief.pdf", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
        ("brief.pdf", b"%PDF-1.7\nthis is not really a pdf"),
    ],
)
def test_the_upload_check_refuses_what_is_not_a_pdf(name, content):
    with pytest.raises(ValidationError):
        services.validate_letter_pdf(SimpleUploadedFile(name, content, content_type="application/pdf"))


def test_the_upload_check_accepts_a_pdf_whatever_its_name(settings):
    data = small_pdf()
    assert services.validate_letter_pdf(SimpleUploadedFile("BRIEF.bin", data, content_type="x/y")) == data
    settings.ADVICE_LETTER_MAX_BYTES = len(data) - 1
    with pytest.raises(ValidationError):
        services.validate_letter_pdf(SimpleUploadedFile("brief.pdf", data, content_type="application/pdf"))


# --- Residents hear back -----------------------------------------------------------------------------


def test_residents_whose_signal_led_to_the_advice_hear_back_once(
    world, ready, chair, django_capture_on_commit_callbacks
):
    consenting = f.SignalFactory(municipality=world.velsen, contact_consent=True, contact_email="inwoner1@example.org")
    silent = f.SignalFactory(municipality=world.velsen)
    item = f.AgendaItemFactory(council=world.velsen_council)
    item.signals.set([consenting, silent])
    ready.agenda_items.set([item])
    advice = services.advice_send(advice=adopted(ready, chair), by=chair)
    assert set(advice.signals.all()) == {consenting, silent}
    resident_mails = [m for m in delivered() if m.to == ["inwoner1@example.org"]]
    assert len(resident_mails) == 1 and consenting.tracking_code in resident_mails[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        answer_all(advice, world.people["beleid_velsen"])
    resident_mails = [m for m in delivered() if m.to == ["inwoner1@example.org"]]
    assert len(resident_mails) == 2
    assert services.notify_residents(advice, event="answered") == 0
    # The signal's status page lists the advice (Signal.outcomes, public).
    labels = [label for label, _objects in Signal.objects.get(pk=consenting.pk).outcomes(public=True)]
    assert "Advies aan het college" in labels


def test_a_confidential_advice_tells_no_resident_yet(world, ready, chair):
    signal = f.SignalFactory(municipality=world.velsen, contact_consent=True, contact_email="inwoner2@example.org")
    item = f.AgendaItemFactory(council=world.velsen_council)
    item.signals.set([signal])
    ready.agenda_items.set([item])
    services.advice_send(
        advice=adopted(ready, chair),
        by=chair,
        confidential_reason="Aanbesteding loopt.",
        confidential_until=timezone.localdate() + timedelta(days=20),
    )
    assert not [m for m in delivered() if m.to == ["inwoner2@example.org"]]
    labels = [label for label, _objects in Signal.objects.get(pk=signal.pk).outcomes(public=True)]
    assert "Advies aan het college" not in labels


# --- The digest (rule 9) -------------------------------------------------------------------------------


def test_the_digest_names_responses_and_newly_overdue_advice(world, ready, chair):
    from advice.digest import digest_section

    advice = services.advice_send(advice=adopted(ready, chair), by=chair)
    member = world.people["lid_velsen"]
    due = advice.response_due_on
    tz = timezone.get_current_timezone()
    from datetime import datetime, time

    def day(d):
        return datetime.combine(d, time(7, 0), tzinfo=tz)

    assert digest_section(member, day(due - timedelta(days=1)), day(due)) is None
    section = digest_section(member, day(due), day(due + timedelta(days=1)))
    assert section is not None and any(advice.number in line and "Te laat" in line for line in section.lines)
    assert digest_section(world.people["lid_beverwijk"], day(due), day(due + timedelta(days=1))) is None
    answer_all(advice, world.people["beleid_velsen"])
    now = timezone.now()
    section = digest_section(member, now - timedelta(hours=1), now + timedelta(hours=1))
    assert section is not None and any("Reactie van het college" in line for line in section.lines)
