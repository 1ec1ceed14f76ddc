"""Writes on advice; each rule a test checks lives here once (DESIGN.md rules 2 and 3).

Drafting, submitting for adoption, adoption with its gapless number, the frozen PDF, sending with the
response term, reminders, the college's response per recommendation, and telling residents whose
signal led to the advice.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from agenda.models import AgendaItem, EarlyInvolvementRequest
from councils.models import Council, Municipality, Theme
from infrastructure.mail import binary_attachment, queue_templated_mail
from infrastructure.models import OutboxMessage
from members.models import CouncilRole, Membership, User
from signals.models import Signal
from tables.models import Seat, SeatStatus, StakeholderType, Table

from .models import (
    Advice,
    AdviceKind,
    AdviceNumberCounter,
    AdviceStatus,
    CollegeResponse,
    Recommendation,
    Verdict,
    latest_publication_on,
    response_due_on,
)

logger = logging.getLogger(__name__)


class AdviceError(ValidationError):
    """A step the advice's state or content does not allow; the message says why, in Dutch."""


def _absolute(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


# --- Drafting ---------------------------------------------------------------------------------------


def method_from_tables(tables: Iterable[Table]) -> str:
    """The werkwijze section prefilled from the linked tables: per table, how many participants of each
    stakeholder type accepted a seat, and how many meetings were held."""
    lines: list[str] = []
    now = timezone.now()
    for table in tables:
        counts = Counter(
            Seat.objects.filter(table=table, status=SeatStatus.ACCEPTED).values_list("stakeholder_type", flat=True)
        )
        held = table.meetings.filter(ends_at__lt=now, cancelled_at__isnull=True).count()
        parts = [
            f"{count} {StakeholderType(kind).label}" for kind, count in sorted(counts.items(), key=lambda kv: -kv[1])
        ]
        participants = ", ".join(parts) if parts else _("nog geen deelnemers")
        lines.append(
            _("Tafel '%(title)s': %(participants)s; %(meetings)s bijeenkomst(en) gehouden.")
            % {"title": table.title, "participants": participants, "meetings": held}
        )
    return "\n".join(lines)


@transaction.atomic
def advice_create(
    *,
    council: Council,
    kind: str,
    subject: str,
    by: User | None,
    request: EarlyInvolvementRequest | None = None,
    formal_request_reference: str = "",
    addressed_municipality: Municipality | None = None,
    tables: Sequence[Table] = (),
    agenda_items: Sequence[AgendaItem] = (),
    themes: Sequence[Theme] = (),
    corrects: Advice | None = None,
    **sections: str,
) -> Advice:
    """A new draft. A local council addresses its own college; the regional council the three colleges.
    The werkwijze is prefilled from the linked tables unless given. A correction copies the adopted
    advice's text into a new draft that refers to it."""
    addressed_municipality = None if council.is_regional else council.municipality
    if corrects is not None:
        if not corrects.is_adopted:
            raise AdviceError(_("Alleen een vastgesteld advies krijgt een correctie; pas een concept gewoon aan."))
        for name in ("occasion", "method", "findings", "client_perspective", "plain_summary"):
            sections.setdefault(name, getattr(corrects, name))
        request = request or corrects.request
        formal_request_reference = formal_request_reference or corrects.formal_request_reference
        kind = kind or corrects.kind
        tables = list(tables) or list(corrects.tables.all())
        agenda_items = list(agenda_items) or list(corrects.agenda_items.all())
        themes = list(themes) or list(corrects.themes.all())
    if not sections.get("method") and tables:
        sections["method"] = method_from_tables(tables)
    advice = Advice(
        council=council,
        kind=kind,
        subject=subject,
        request=request,
        formal_request_reference=formal_request_reference,
        addressed_municipality=addressed_municipality,
        corrects=corrects,
        created_by=by,
        **sections,
    )
    advice.full_clean()
    advice._change_reason = "aangemaakt"  # type: ignore[attr-defined]
    advice.save()
    advice.tables.set(tables)
    advice.agenda_items.set(agenda_items)
    advice.themes.set(themes or _themes_of(request, tables, agenda_items))
    if corrects is not None:
        for recommendation in corrects.recommendations.all():
            Recommendation.objects.create(
                advice=advice, number=recommendation.number, title=recommendation.title, text=recommendation.text
            )
    return advice


# The fields of the advice row a draft's form writes (the rest of the row is the workflow's).
DRAFT_FIELDS = (
    "subject",
    "kind",
    "request",
    "formal_request_reference",
    "occasion",
    "method",
    "findings",
    "client_perspective",
    "plain_summary",
)


@transaction.atomic
def advice_update_draft(
    *,
    advice: Advice,
    by: User | None,
    fields: Mapping[str, object],
    themes: Sequence[Theme],
    tables: Sequence[Table],
    agenda_items: Sequence[AgendaItem],
) -> Advice:
    """Write a draft's fields and links onto the advice as it is now (locked): a workflow step taken
    meanwhile is kept, and an adopted advice is refused (rule 2). With tables and no werkwijze, the
    werkwijze is filled in from the tables."""
    locked = _locked(advice)
    ensure_editable(locked)
    for name in DRAFT_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    if not locked.method.strip() and tables:
        locked.method = method_from_tables(tables)
    locked.full_clean(exclude=["council", "status"])
    locked.save(update_fields=list(DRAFT_FIELDS))
    locked.themes.set(themes)
    locked.tables.set(tables)
    locked.agenda_items.set(agenda_items)
    return locked


def _themes_of(
    request: EarlyInvolvementRequest | None, tables: Sequence[Table], agenda_items: Sequence[AgendaItem]
) -> list[Theme]:
    themes: dict[int, Theme] = {}
    for source in ([request] if request else []) + list(tables) + list(agenda_items):
        for theme in source.themes.all():
            themes[theme.pk] = theme
    return list(themes.values())


def ensure_editable(advice: Advice) -> None:
    if not advice.is_editable:
        raise AdviceError(
            _(
                "Dit advies is vastgesteld: de tekst verandert niet meer. "
                "Maak een correctie als er iets moet veranderen."
            )
        )


def adoption_problems(advice: Advice, *, recommendation_count: int | None = None) -> list[StrOrPromise]:
    """What stands between this advice and adoption (rule 2), in the words the page shows. A page that
    has the recommendations loaded passes their number."""
    problems: list[StrOrPromise] = []
    if not advice.subject.strip():
        problems.append(_("Het advies heeft geen onderwerp."))
    if recommendation_count is None:
        recommendation_count = advice.recommendations.count()
    if not recommendation_count:
        problems.append(_("Het advies heeft nog geen genummerde aanbeveling."))
    if not advice.client_perspective.strip():
        problems.append(_("Het cliëntperspectief is nog niet beschreven."))
    if not advice.plain_summary.strip():
        problems.append(_("De samenvatting in gewone taal ontbreekt."))
    if advice.kind == AdviceKind.SOLICITED and not advice.request_id and not advice.formal_request_reference.strip():
        problems.append(_("Gevraagd advies hoort bij een verzoek of een adviesaanvraag van de gemeente."))
    return problems


def _locked(advice: Advice) -> Advice:
    return Advice.objects.select_for_update().select_related("council").get(pk=advice.pk)


@transaction.atomic
def advice_submit(*, advice: Advice, by: User | None) -> Advice:
    """Concept → ter vaststelling: the draft is ready for the chair or secretary."""
    advice = _locked(advice)
    if advice.status != AdviceStatus.DRAFT:
        raise AdviceError(_("Alleen een concept kan ter vaststelling worden aangeboden."))
    problems = adoption_problems(advice)
    if problems:
        raise AdviceError([str(p) for p in problems])
    advice.status = AdviceStatus.FOR_ADOPTION
    advice._change_reason = "ter vaststelling"  # type: ignore[attr-defined]
    advice.save(update_fields=["status"])
    return advice


@transaction.atomic
def advice_back_to_draft(*, advice: Advice, by: User | None) -> Advice:
    advice = _locked(advice)
    if advice.status != AdviceStatus.FOR_ADOPTION:
        raise AdviceError(_("Alleen een advies dat ter vaststelling ligt, gaat terug naar concept."))
    advice.status = AdviceStatus.DRAFT
    advice._change_reason = "terug naar concept"  # type: ignore[attr-defined]
    advice.save(update_fields=["status"])
    return advice


# --- Adoption: the number, gapless per council per year ---------------------------------------------


def _next_sequence(council: Council, year: int) -> int:
    """Take the next number of (council, year) inside the caller's transaction. The counter row is
    created without a race (INSERT … ON CONFLICT DO NOTHING) and then locked: a second adoption waits
    until the first commits or rolls back."""
    AdviceNumberCounter.objects.bulk_create([AdviceNumberCounter(council=council, year=year)], ignore_conflicts=True)
    counter = AdviceNumberCounter.objects.select_for_update().get(council=council, year=year)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence


def format_number(council: Council, year: int, sequence: int) -> str:
    return f"{council.code}-{year}-{sequence:03d}"


def board_names(council: Council, *, on: date) -> tuple[str, str]:
    """The chair's and the secretary's names on the day of adoption, for the signature block."""
    names: dict[str, str] = {CouncilRole.VOORZITTER: "", CouncilRole.SECRETARIS: ""}
    board = (
        Membership.objects.filter(council=council, role__in=tuple(names))
        .active(on=on)
        .select_related("person")
        .order_by("term_start", "pk")
    )
    for membership in board:
        if not names[membership.role]:
            names[membership.role] = membership.person.get_full_name()
    return names[CouncilRole.VOORZITTER], names[CouncilRole.SECRETARIS]


@transaction.atomic
def advice_adopt(*, advice: Advice, by: User | None, on: date | None = None, render_pdf: bool = True) -> Advice:
    """Ter vaststelling → vastgesteld (the chair or the secretary: ``advice.adopt_advice``). Gives the
    number and freezes the text; the PDF is rendered once after the commit (``tasks.render_advice_pdf``).
    Without ``render_pdf`` (the demo's seed) it is rendered on its first download or by the periodic sweep
    (``tasks.render_missing_pdfs``)."""
    advice = _locked(advice)
    if advice.status != AdviceStatus.FOR_ADOPTION:
        raise AdviceError(_("Alleen een advies dat ter vaststelling ligt, kan worden vastgesteld."))
    problems = adoption_problems(advice)
    if problems:
        raise AdviceError([str(p) for p in problems])
    on = on or timezone.localdate()
    sequence = _next_sequence(advice.council, on.year)
    advice.number = format_number(advice.council, on.year, sequence)
    advice.number_year, advice.number_sequence = on.year, sequence
    advice.adopted_on, advice.adopted_by = on, by
    advice.signed_by_chair, advice.signed_by_secretary = board_names(advice.council, on=on)
    advice.status = AdviceStatus.ADOPTED
    advice._change_reason = "vastgesteld"  # type: ignore[attr-defined]
    advice.save()
    advice_id = advice.pk
    if render_pdf:
        transaction.on_commit(lambda: _schedule_render(advice_id))
    return advice


def _schedule_render(advice_id: int) -> None:
    from . import tasks  # the task module imports this one

    try:
        tasks.render_advice_pdf.delay(advice_id)
    except Exception:  # noqa: BLE001 - broker down: the periodic sweep renders it (render_missing_pdfs)
        logger.warning("Advice %s: PDF task not queued; the periodic sweep renders it", advice_id)


def advice_store_pdf(advice_id: int) -> Advice:
    """Render the adopted advice's PDF and keep it with its SHA-256 — once: a retried task or a second
    worker finds it stored and leaves it (the row is locked while rendering)."""
    from .pdf import render_advice_pdf  # WeasyPrint is heavy: imported where it is used

    with transaction.atomic():
        advice = Advice.objects.select_for_update().select_related("council").get(pk=advice_id)
        if advice.pdf_sha256 or not advice.is_adopted:
            return advice
        data = render_advice_pdf(advice)
        advice.pdf.save(f"{advice.number}.pdf", ContentFile(data), save=False)
        advice.pdf_sha256 = hashlib.sha256(data).hexdigest()
        advice.pdf_rendered_at = timezone.now()
        advice.save(update_fields=["pdf", "pdf_sha256", "pdf_rendered_at"])
    return advice


def advice_pdf_bytes(advice: Advice) -> bytes:
    """The stored PDF's bytes (rendered now if the task has not run yet), checked against its hash."""
    if not advice.pdf_sha256:
        advice = advice_store_pdf(advice.pk)
    with advice.pdf.open("rb") as handle:
        data: bytes = handle.read()
    if hashlib.sha256(data).hexdigest() != advice.pdf_sha256:
        raise RuntimeError(f"The stored PDF of advice {advice.pk} does not match its SHA-256")
    return data


# --- Sending and the response term ------------------------------------------------------------------


def addressed_municipalities(advice: Advice) -> list[Municipality]:
    if advice.addressed_municipality_id:
        return [advice.addressed_municipality]  # type: ignore[list-item]
    return list(advice.council.region.municipalities.order_by("name"))


def municipal_contacts(advice: Advice) -> list[tuple[str, str]]:
    """Whom the advice goes to, as (key, address): the policy advisor who filed the request, the municipal
    contacts of the linked agenda items (each only while a policy advisor of an addressed municipality),
    and each addressed college's address. Keys name the recipient without an address (dedup keys)."""
    municipality_ids = {m.pk for m in addressed_municipalities(advice)}
    people: dict[int, str] = {}
    candidates: list[User | None] = []
    if advice.request_id and advice.request.filed_by_id:  # type: ignore[union-attr]
        candidates.append(advice.request.filed_by)  # type: ignore[union-attr]
    candidates += [item.municipal_contact for item in advice.agenda_items.select_related("municipal_contact")]
    from members.access import scope_for

    for person in candidates:
        if person is None or not person.is_active or person.pk in people:
            continue
        if scope_for(person).advisor_municipality_ids & municipality_ids:
            people[person.pk] = person.email
    recipients = [(f"person-{pk}", email) for pk, email in sorted(people.items())]
    recipients += [
        (f"college-{municipality.pk}", municipality.college_email)
        for municipality in addressed_municipalities(advice)
        if municipality.college_email
    ]
    return recipients


def signals_behind(advice: Advice) -> list[int]:
    """The signals that led to the advice: those linked to its agenda items and tables (one query)."""
    through_items = AgendaItem.signals.through.objects.filter(agendaitem__advice=advice).values("signal_id")
    through_tables = Table.signals.through.objects.filter(table__advice=advice).values("signal_id")
    return list(
        Signal.objects.filter(Q(pk__in=through_items) | Q(pk__in=through_tables))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def advice_send(
    *,
    advice: Advice,
    by: User | None,
    published_on: date | None = None,
    confidential_reason: str = "",
    confidential_until: date | None = None,
    today: date | None = None,
) -> Advice:
    """Vastgesteld → verzonden: mail the PDF to the municipal contacts and the college, start the response
    term (rule 3), record the publication date (Woo) and tell the residents whose signals led here."""
    advice = _locked(advice)
    if advice.status != AdviceStatus.ADOPTED:
        raise AdviceError(_("Alleen een vastgesteld advies dat nog niet verzonden is, kan worden verzonden."))
    today = today or timezone.localdate()
    municipalities = addressed_municipalities(advice)
    published_on = published_on or today
    latest = latest_publication_on(today, municipalities)
    errors: dict[str, str] = {}
    if published_on < today:
        errors["published_on"] = _("Publiceren kan niet in het verleden.")
    elif published_on > latest:
        errors["published_on"] = _("De Woo vraagt publicatie uiterlijk op %(date)s.") % {"date": f"{latest:%d-%m-%Y}"}
    if confidential_until and not confidential_reason.strip():
        errors["confidential_reason"] = _("Zeg waarom het advies (nog) vertrouwelijk is.")
    if confidential_until and confidential_until <= today:
        errors["confidential_until"] = _("Kies een einddatum na vandaag.")
    if errors:
        raise AdviceError(errors)
    recipients = municipal_contacts(advice)
    if not recipients:
        raise AdviceError(
            _(
                "Er is geen adres om het advies naartoe te sturen: "
                "vul het e-mailadres van het college in bij de gemeente."
            )
        )
    data = advice_pdf_bytes(advice)
    advice.status = AdviceStatus.SENT
    advice.sent_at, advice.sent_by = timezone.now(), by
    advice.response_due_on = response_due_on(today, municipalities)
    advice.published_on = published_on
    advice.confidential_reason = confidential_reason.strip()
    advice.confidential_until = confidential_until
    advice._change_reason = "verzonden"  # type: ignore[attr-defined]
    advice.save()
    advice.signals.set(signals_behind(advice))
    attachment = binary_attachment(filename=f"{advice.number}.pdf", data=data, mimetype="application/pdf")
    for key, address in recipients:
        queue_templated_mail(
            to=address,
            subject=gettext_lazy("Advies %(number)s: %(subject)s"),
            template="advice/mail/advice_sent.txt",
            context=_mail_context(advice),
            dedup_key=f"advice-sent:{advice.pk}:{key}",
            attachments=[attachment],
        )
    if not advice.is_confidential(today=today):
        notify_residents(advice, event="sent")
    return advice


def _mail_context(advice: Advice, **extra: object) -> dict[str, object]:
    return {
        "advice": advice,
        "council": advice.council,
        "number": advice.number,
        "subject": advice.subject,
        "work_url": _absolute(advice.get_absolute_url()),
        "public_url": _absolute(advice.get_public_url()),
        **extra,
    }


def notify_residents(advice: Advice, *, event: str) -> int:
    """Tell each resident whose signal led to the advice (with an address and consent), once per signal and
    event ("sent", "answered"). Nothing while the advice is confidential: it is not public yet."""
    if advice.is_confidential():
        return 0
    subject = {
        "sent": gettext_lazy("Uw signaal %(code)s: de raad heeft advies gegeven"),
        "answered": gettext_lazy("Uw signaal %(code)s: het college heeft gereageerd"),
    }[event]
    queued = 0
    for signal in advice.signals.filter(contact_consent=True).exclude(contact_email=""):
        _message, created = queue_templated_mail(
            to=signal.contact_email,
            subject=subject,
            template=f"advice/mail/resident_{event}.txt",
            context=_mail_context(
                advice, signal=signal, code=signal.tracking_code, follow_url=_absolute(signal.get_public_url())
            ),
            dedup_key=f"advice-{event}-resident:{advice.pk}:{signal.pk}",
        )
        queued += int(created)
    return queued


def reminders_due(days: int, *, today: date) -> list[Advice]:
    """Sent advice without a response whose due date is ``days`` away or closer (0: due today or past)."""
    advice = Advice.objects.filter(status=AdviceStatus.SENT, response_due_on__lte=today + timedelta(days=days))
    if days > 0:
        advice = advice.filter(response_due_on__gt=today)
    return list(advice.select_related("council", "addressed_municipality", "request__filed_by").order_by("pk"))


def send_advice_reminders(*, today: date | None = None) -> int:
    """Daily (beat): the reminders to the municipal contact ``ADVICE_REMINDER_DAYS`` before the due date
    (7 and 0), each exactly once per (advice, days, recipient) by its dedup key."""
    today = today or timezone.localdate()
    queued = 0
    for days in sorted(set(settings.ADVICE_REMINDER_DAYS), reverse=True):
        for advice in reminders_due(days, today=today):
            # A reminder the due date has already overtaken is not sent late: the one on the day covers it.
            if days > 0 and (advice.response_due_on - today).days < 1:  # type: ignore[operator]
                continue
            keys = dict(municipal_contacts(advice))
            done = set(
                OutboxMessage.objects.filter(
                    dedup_key__in=[f"advice-reminder-{days}:{advice.pk}:{key}" for key in keys]
                ).values_list("dedup_key", flat=True)
            )
            for key, address in keys.items():
                dedup_key = f"advice-reminder-{days}:{advice.pk}:{key}"
                if dedup_key in done:
                    continue
                _message, created = queue_templated_mail(
                    to=address,
                    subject=gettext_lazy("Herinnering: reactie op advies %(number)s"),
                    template="advice/mail/reminder.txt",
                    context=_mail_context(advice, days=days, due_on=advice.response_due_on),
                    dedup_key=dedup_key,
                )
                queued += int(created)
    return queued


# --- The college's response ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VerdictInput:
    verdict: str
    reasons: str = ""


def validate_letter_pdf(upload: UploadedFile) -> bytes:
    """A PDF by its content, not its name: at most ``ADVICE_LETTER_MAX_BYTES``, starting with the PDF
    header and readable as a PDF with at least one page. A renamed program or an HTML page is refused."""
    if upload.size is not None and upload.size > settings.ADVICE_LETTER_MAX_BYTES:
        raise ValidationError(_("Het bestand is groter dan 5 MB."), code="too_large")
    data: bytes = upload.read(settings.ADVICE_LETTER_MAX_BYTES + 1)
    if len(data) > settings.ADVICE_LETTER_MAX_BYTES:
        raise ValidationError(_("Het bestand is groter dan 5 MB."), code="too_large")
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("Dit is geen pdf-bestand. Kies de brief als pdf."), code="not_pdf")
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) < 1:
            raise ValidationError(_("Het pdf-bestand heeft geen pagina's."), code="empty_pdf")
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(_("Dit pdf-bestand is beschadigd of onleesbaar."), code="broken_pdf") from error
    return data


@transaction.atomic
def advice_record_response(
    *,
    advice: Advice,
    by: User | None,
    received_on: date,
    letter_text: str,
    verdicts: Mapping[int, VerdictInput],
    letter_pdf: bytes | None = None,
) -> CollegeResponse:
    """Verzonden → beantwoord: the college's letter and a verdict per recommendation (deels and niet with
    the reasons). Counts as on time when received on or before the due date. Residents are told."""
    advice = _locked(advice)
    if advice.status != AdviceStatus.SENT:
        raise AdviceError(_("Alleen op een verzonden advies dat nog niet beantwoord is, wordt een reactie vastgelegd."))
    errors: dict[str, str] = {}
    if advice.sent_at and received_on < timezone.localdate(advice.sent_at):
        errors["received_on"] = _("De reactie kan niet van vóór het verzenden van het advies zijn.")
    if received_on > timezone.localdate():
        errors["received_on"] = _("De datum van de reactie ligt in de toekomst.")
    if not letter_text.strip():
        errors["letter_text"] = _("Neem de tekst van de brief over (of een samenvatting ervan).")
    recommendations = list(advice.recommendations.order_by("number"))
    for recommendation in recommendations:
        given = verdicts.get(recommendation.pk)
        if given is None or given.verdict not in Verdict.values:
            errors[f"verdict_{recommendation.pk}"] = _("Kies wat het college met aanbeveling %(n)s doet.") % {
                "n": recommendation.number
            }
        elif given.verdict != Verdict.ADOPTED and not given.reasons.strip():
            errors[f"reasons_{recommendation.pk}"] = _("Geef de reden van het college bij aanbeveling %(n)s.") % {
                "n": recommendation.number
            }
    if errors:
        raise AdviceError(errors)
    response = CollegeResponse(advice=advice, received_on=received_on, letter_text=letter_text.strip(), recorded_by=by)
    if letter_pdf:
        response.letter_pdf.save(f"reactie-{advice.number}.pdf", ContentFile(letter_pdf), save=False)
        response.letter_pdf_sha256 = hashlib.sha256(letter_pdf).hexdigest()
    response.save()
    for recommendation in recommendations:
        given = verdicts[recommendation.pk]
        recommendation.verdict = given.verdict
        recommendation.verdict_reasons = given.reasons.strip()
        recommendation.save(update_fields=["verdict", "verdict_reasons"])
    advice.status = AdviceStatus.ANSWERED
    advice._change_reason = "beantwoord"  # type: ignore[attr-defined]
    advice.save(update_fields=["status"])
    advice_id = advice.pk
    transaction.on_commit(lambda: notify_residents(Advice.objects.get(pk=advice_id), event="answered"))
    return response


@transaction.atomic
def advice_close(*, advice: Advice, by: User | None) -> Advice:
    """Beantwoord → afgerond: the council has read the response and closes the file."""
    advice = _locked(advice)
    if advice.status != AdviceStatus.ANSWERED:
        raise AdviceError(_("Alleen een beantwoord advies wordt afgerond."))
    advice.status = AdviceStatus.CLOSED
    advice.closed_at = timezone.now()
    advice._change_reason = "afgerond"  # type: ignore[attr-defined]
    advice.save(update_fields=["status", "closed_at"])
    return advice


def verdict_counts(advice_ids: Iterable[int] | None = None) -> dict[str, int]:
    """How many recommendations the colleges adopted, partly adopted and did not adopt."""
    recommendations = Recommendation.objects.exclude(verdict="")
    if advice_ids is not None:
        recommendations = recommendations.filter(advice_id__in=list(advice_ids))
    counts = dict(recommendations.values_list("verdict").annotate(n=Count("pk")).values_list("verdict", "n"))
    return {verdict: counts.get(verdict, 0) for verdict in Verdict.values}
