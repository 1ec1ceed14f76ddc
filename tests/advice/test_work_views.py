"""The work pages of advice: the list scoped per reader, a new draft (werkwijze from the tables), drafting
the text and the numbered recommendations, ter vaststelling, adoption by the chair only, sending with the
Woo date, the college's response (per recommendation, the letter checked by content), closing, a
correction, the preview and the frozen PDF; permissions per role, and the list's query count."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from advice import services
from advice.models import Advice, AdviceKind, AdviceStatus, CollegeResponse, Recommendation, Verdict
from infrastructure.models import OutboxMessage
from tables import services as table_services
from tables.models import StakeholderType, Table, TableOrigin

from .. import factories as f

pytestmark = pytest.mark.django_db

LIST = reverse("advice:work_list")
CREATE = reverse("advice:work_create")


def url(name: str, advice: Advice) -> str:
    return reverse(f"advice:{name}", kwargs={"pk": advice.pk})


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def small_pdf() -> bytes:
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def fake_pdf(monkeypatch) -> bytes:
    """WeasyPrint is slow and tested in the PDF module's own tests: here a small real PDF stands in."""
    data = small_pdf()
    monkeypatch.setattr("advice.pdf.render_advice_pdf", lambda advice: data)
    monkeypatch.setattr("advice.pdf.render_preview_pdf", lambda advice: data)
    return data


def draft(council, *, recommendations: int = 3, **kwargs) -> Advice:
    return f.AdviceFactory(council=council, with_recommendations=recommendations, **kwargs)


def adopted(world, council=None, **kwargs) -> Advice:
    advice = draft(council or world.velsen_council, **kwargs)
    services.advice_submit(advice=advice, by=None)
    return services.advice_adopt(advice=advice, by=world.people["voorzitter_velsen"])


def sent(world, **kwargs) -> Advice:
    world.velsen.college_email = "college@velsen.example.org"
    world.velsen.save()
    advice = adopted(world, **kwargs)
    return services.advice_send(advice=advice, by=world.people["voorzitter_velsen"])


def answered(world) -> Advice:
    advice = sent(world)
    services.advice_record_response(
        advice=advice,
        by=world.people["beleid_velsen"],
        received_on=timezone.localdate(),
        letter_text="Het college neemt het advies over.",
        verdicts={r.pk: services.VerdictInput(Verdict.ADOPTED) for r in advice.recommendations.all()},
    )
    return Advice.objects.get(pk=advice.pk)


def subjects(response) -> set[str]:
    return {advice.subject for advice in response.context["page"].object_list}


# --- Who sees what ----------------------------------------------------------------------------------

# GET of a Velsen draft's pages and of a sent Velsen advice's pages, per demo role: the lead's matrix.
# (list, create, draft detail, draft edit, draft adopt, sent detail, sent response, sent correct)
MATRIX = {
    "anonymous": (302, 302, 302, 302, 302, 302, 302, 302),
    "inwoner": (403, 403, 404, 404, 404, 404, 404, 404),
    "lid_velsen": (200, 200, 200, 200, 403, 200, 403, 200),
    "voorzitter_velsen": (200, 200, 200, 200, 302, 200, 403, 200),
    "lid_beverwijk": (200, 200, 404, 404, 404, 404, 404, 404),
    "lid_heemskerk": (200, 200, 404, 404, 404, 404, 404, 404),
    "lid_regio": (200, 200, 404, 404, 404, 404, 404, 404),
    "beleid_velsen": (200, 403, 404, 404, 404, 200, 200, 403),
    "beleid_beverwijk": (200, 403, 404, 404, 404, 404, 404, 404),
    "aanjager": (200, 403, 404, 404, 404, 200, 403, 403),
    "ondersteuning": (200, 403, 404, 404, 404, 200, 403, 403),
    "beheer": (200, 403, 404, 404, 404, 200, 403, 403),
    "commissie": (403, 403, 404, 404, 404, 404, 404, 404),
    "ervaring": (403, 403, 404, 404, 404, 404, 404, 404),
}


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_permission_matrix(client, world, fake_pdf, persona):
    concept = draft(world.velsen_council)
    verzonden = sent(world)
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    got = (
        client.get(LIST).status_code,
        client.get(CREATE).status_code,
        client.get(url("work_detail", concept)).status_code,
        client.get(url("work_edit", concept)).status_code,
        client.get(url("work_adopt", concept)).status_code,  # a concept: the chair is sent back to its page
        client.get(url("work_detail", verzonden)).status_code,
        client.get(url("work_response", verzonden)).status_code,
        client.get(url("work_correct", verzonden)).status_code,
    )
    assert got == MATRIX[persona]


def test_list_scoping(client, world, fake_pdf):
    draft(world.velsen_council, subject="Velsen concept")
    draft(world.beverwijk_council, subject="Beverwijk concept")
    sent(world, subject="Velsen verzonden")
    client.force_login(world.people["lid_velsen"])
    assert subjects(client.get(LIST)) == {"Velsen concept", "Velsen verzonden"}
    client.force_login(world.people["lid_beverwijk"])
    assert subjects(client.get(LIST)) == {"Beverwijk concept"}
    # The municipality's advisor reads Velsen's advice from adoption on, never a draft.
    client.force_login(world.people["beleid_velsen"])
    assert subjects(client.get(LIST)) == {"Velsen verzonden"}
    client.force_login(world.people["aanjager"])
    assert subjects(client.get(LIST)) == {"Velsen verzonden"}


def test_draft_of_another_council_is_not_found(client, world):
    concept = draft(world.velsen_council)
    for persona in ("lid_beverwijk", "beleid_velsen"):
        client.force_login(world.people[persona])
        for name in ("work_detail", "work_edit", "work_recommendations", "work_preview", "work_correct"):
            assert client.get(url(name, concept)).status_code == 404, (persona, name)
        assert client.post(url("work_status", concept), {"actie": "ter_vaststelling"}).status_code == 404


def test_advisor_reads_adopted_advice_but_not_drafts(client, world, fake_pdf):
    concept = draft(world.velsen_council)
    vastgesteld = adopted(world)
    client.force_login(world.people["beleid_velsen"])
    assert client.get(url("work_detail", concept)).status_code == 404
    page = client.get(url("work_detail", vastgesteld))
    assert page.status_code == 200
    assert vastgesteld.number in page.content.decode()
    assert client.get(url("work_edit", vastgesteld)).status_code == 403


def test_list_filters_and_badges(client, world, fake_pdf):
    draft(world.velsen_council, subject="Vervoer", kind=AdviceKind.UNSOLICITED)
    late = sent(world, subject="Schuldhulp")
    Advice.objects.filter(pk=late.pk).update(response_due_on=timezone.localdate() - timedelta(days=3))
    client.force_login(world.people["lid_velsen"])
    assert subjects(client.get(LIST, {"status": "verzonden"})) == {"Schuldhulp"}
    assert subjects(client.get(LIST, {"q": "vervo"})) == {"Vervoer"}
    assert subjects(client.get(LIST, {"q": late.number})) == {"Schuldhulp"}
    assert subjects(client.get(LIST, {"kind": "gevraagd"})) == set()
    year = str(timezone.localdate().year)
    assert subjects(client.get(LIST, {"year": year})) == {"Vervoer", "Schuldhulp"}
    assert subjects(client.get(LIST, {"council": world.beverwijk_council.pk})) == {"Vervoer", "Schuldhulp"}
    page = client.get(LIST).content.decode()
    assert "te laat (3 dagen)" in page
    assert "concept" in page
    assert client.get(LIST).context["may_add"] is True
    client.force_login(world.people["beleid_velsen"])
    assert client.get(LIST).context["may_add"] is False


def test_list_empty_state(client, world):
    client.force_login(world.people["lid_velsen"])
    page = client.get(LIST).content.decode()
    assert "Er zijn nog geen adviezen." in page
    assert reverse("advice:work_create") in page


@pytest.mark.parametrize("field", ["council", "status", "kind", "year", "q", "pagina"])
@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "\x00", "<script>"])
def test_list_filters_with_odd_values_never_fail(client, world, field, value):
    draft(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    assert client.get(LIST, {field: value}).status_code == 200


def _list_queries(client, world, count: int) -> int:
    for n in range(count):
        advice = draft(world.velsen_council, recommendations=1, subject=f"Advies {n}")
        if n % 2:
            Advice.objects.filter(pk=advice.pk).update(
                status=AdviceStatus.SENT,
                number=f"VEL-2026-{n:03d}",
                number_year=2026,
                number_sequence=n,
                response_due_on=timezone.localdate() - timedelta(days=1),
            )
        if n % 4 == 1:
            CollegeResponse.objects.create(advice=advice, received_on=timezone.localdate(), letter_text="Brief")
    client.force_login(world.people["lid_velsen"])
    client.get(LIST)  # fills the navigation cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)
    LAST[:] = queries.captured_queries
    return len(queries)


LAST: list[dict] = []


def test_list_queries_do_not_grow_with_rows(client, world):
    few = _list_queries(client, world, 5)
    CollegeResponse.objects.all().delete()
    Recommendation.objects.all().delete()
    Advice.objects.all().delete()
    many = _list_queries(client, world, 30)
    # session, user, scope (memberships, roles); the councils (with whether the user reads an advice of
    # each), the count, the page (with council, municipality and response); the session's update (with its
    # savepoint and release)
    assert few == many == EXPECTED_LIST_QUERIES, "\n".join(q["sql"][:90] for q in LAST)


EXPECTED_LIST_QUERIES = 10


# --- A new draft -----------------------------------------------------------------------------------


def make_table(council, title: str = "Vervoer naar de dagbesteding") -> Table:
    by = f.UserFactory(email=f"maker.{council.pk}@example.org")
    table = table_services.table_save(
        table=Table(council=council, title=title, question="Hoe komen inwoners er?", origin=TableOrigin.OWN_INITIATIVE),
        by=by,
        themes=[],
    )
    for n in range(2):
        table_services.seat_add(
            table=table,
            stakeholder_type=StakeholderType.CLIENT,
            by=by,
            guest_name=f"Cliënt {n}",
            guest_email=f"client{n}.{table.pk}@example.org",
            accepted=True,
        )
    return table


def test_create_from_a_table_prefills_the_werkwijze(client, world):
    table = make_table(world.velsen_council)
    member = world.people["lid_velsen"]
    client.force_login(member)
    page = client.get(CREATE, {"tafel": table.pk})
    assert page.status_code == 200
    assert page.context["form"].initial["tables"] == [table.pk]
    assert page.context["form"].initial["subject"] == table.title
    response = client.post(
        CREATE,
        {
            "council": world.velsen_council.pk,
            "kind": AdviceKind.UNSOLICITED,
            "subject": "Vervoer naar de dagbesteding",
            "tables": [table.pk],
        },
    )
    advice = Advice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("work_edit", advice)
    assert advice.status == AdviceStatus.DRAFT
    assert advice.created_by == member
    assert list(advice.tables.all()) == [table]
    assert "Tafel 'Vervoer naar de dagbesteding': 2 " in advice.method


def test_create_preselection_of_another_council_is_ignored(client, world):
    table = make_table(world.beverwijk_council)
    client.force_login(world.people["lid_velsen"])
    page = client.get(CREATE, {"tafel": table.pk, "verzoek": "٣", "agendapunt": "9" * 30})
    assert page.status_code == 200
    assert "tables" not in page.context["form"].initial
    assert page.context["form"].initial["council"] == world.velsen_council.pk


def test_create_from_a_request_makes_solicited_advice(client, world):
    involvement = f.EarlyInvolvementRequestFactory(council=world.velsen_council, title="Beleidsplan Wmo 2027")
    client.force_login(world.people["lid_velsen"])
    form = client.get(CREATE, {"verzoek": involvement.pk}).context["form"]
    assert form.initial["request"] == involvement.pk
    assert form.initial["kind"] == AdviceKind.SOLICITED
    response = client.post(
        CREATE,
        {"council": world.velsen_council.pk, "kind": "gevraagd", "request": involvement.pk, "subject": "Wmo 2027"},
    )
    assert response.status_code == 302
    assert Advice.objects.get().request == involvement


def test_create_refuses_what_does_not_belong_to_the_council(client, world):
    heemskerk_table = make_table(world.heemskerk_council, "Heemskerk tafel")
    beverwijk_request = f.EarlyInvolvementRequestFactory(council=world.beverwijk_council)
    client.force_login(world.people["lid_regio"])  # Heemskerk and the regional council
    response = client.post(
        CREATE,
        {
            "council": world.regional_council.pk,
            "kind": "ongevraagd",
            "subject": "Regionaal vervoer",
            "tables": [heemskerk_table.pk],
        },
    )
    assert response.status_code == 400
    assert "Dit hoort niet bij" in str(response.context["form"].errors["tables"])
    response = client.post(
        CREATE,
        {"council": world.regional_council.pk, "kind": "gevraagd", "request": beverwijk_request.pk, "subject": "X"},
    )
    assert response.status_code == 400
    assert "request" in response.context["form"].errors
    # Solicited advice without a request or a reference: the model's rule, shown on the form.
    response = client.post(CREATE, {"council": world.regional_council.pk, "kind": "gevraagd", "subject": "X"})
    assert response.status_code == 400
    assert "request" in response.context["form"].errors
    # A council the user does not sit on is not a choice.
    response = client.post(
        CREATE, {"council": world.velsen_council.pk, "kind": "ongevraagd", "subject": "Niet van mij"}
    )
    assert response.status_code == 400
    assert not Advice.objects.exists()


# --- Drafting --------------------------------------------------------------------------------------


def edit_data(advice: Advice, **overrides) -> dict:
    data = {
        "subject": advice.subject,
        "kind": advice.kind,
        "request": "",
        "formal_request_reference": "",
        "occasion": advice.occasion,
        "method": advice.method,
        "findings": advice.findings,
        "client_perspective": advice.client_perspective,
        "plain_summary": advice.plain_summary,
    }
    data.update(overrides)
    return data


def test_edit_sections_and_the_history_says_who(client, world):
    advice = draft(world.velsen_council)
    member = world.people["lid_velsen"]
    client.force_login(member)
    assert client.get(url("work_edit", advice)).status_code == 200
    response = client.post(
        url("work_edit", advice),
        edit_data(advice, findings="Wachttijden van acht weken.", client_perspective="", plain_summary=""),
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.findings == "Wachttijden van acht weken."
    page = client.get(url("work_detail", advice))
    history = page.context["history"]
    assert history[0].who == str(member)
    assert {c.label for c in history[0].changes} >= {"bevindingen", "cliëntperspectief"}
    # What adoption still needs is listed for the members.
    assert "Het cliëntperspectief is nog niet beschreven." in page.content.decode()


def test_edit_needs_a_subject_and_keeps_what_was_typed(client, world):
    advice = draft(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    response = client.post(url("work_edit", advice), edit_data(advice, subject="  ", findings="Nieuw inzicht"))
    assert response.status_code == 400
    assert "subject" in response.context["form"].errors
    assert "Nieuw inzicht" in response.content.decode()
    assert Advice.objects.get(pk=advice.pk).findings != "Nieuw inzicht"


def test_edit_fills_the_werkwijze_from_new_tables(client, world):
    advice = draft(world.velsen_council)
    table = make_table(world.velsen_council, "Tafel jeugd")
    client.force_login(world.people["lid_velsen"])
    response = client.post(url("work_edit", advice), edit_data(advice, method="", tables=[table.pk]))
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.method.startswith("Tafel 'Tafel jeugd'")
    assert list(advice.tables.all()) == [table]


def formset_data(advice: Advice, rows: list[dict], extra: int = 2) -> dict:
    """The recommendations form as a browser sends it: the existing rows, then ``extra`` empty ones."""
    existing = list(advice.recommendations.order_by("number"))
    data = {
        "aanbeveling-TOTAL_FORMS": str(len(existing) + extra),
        "aanbeveling-INITIAL_FORMS": str(len(existing)),
        "aanbeveling-MIN_NUM_FORMS": "0",
        "aanbeveling-MAX_NUM_FORMS": "50",
    }
    for n in range(len(existing) + extra):
        row = rows[n] if n < len(rows) else {}
        if n < len(existing):
            data[f"aanbeveling-{n}-id"] = str(existing[n].pk)
        for key in ("number", "title", "text"):
            default = getattr(existing[n], key) if n < len(existing) else ""
            data[f"aanbeveling-{n}-{key}"] = str(row.get(key, default))
        if row.get("DELETE"):
            data[f"aanbeveling-{n}-DELETE"] = "on"
    return data


def test_recommendations_add_delete_and_renumber(client, world):
    advice = draft(world.velsen_council, recommendations=3)
    first, second, third = advice.recommendations.order_by("number")
    member = world.people["lid_velsen"]
    client.force_login(member)
    page = client.get(url("work_recommendations", advice))
    assert page.status_code == 200
    assert len(page.context["formset"].forms) == 5
    data = formset_data(
        advice,
        [
            {"number": 3},  # the first goes last
            {"DELETE": True},  # the second goes
            {"number": 1, "title": "Eén loket"},  # the third comes first, with a new title
            {"title": "Nieuwe aanbeveling", "text": "Bel iedereen binnen een week terug."},  # added at the end
        ],
    )
    response = client.post(url("work_recommendations", advice), data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    got = [(r.number, r.pk, r.title) for r in advice.recommendations.order_by("number")]
    new = Recommendation.objects.get(title="Nieuwe aanbeveling")
    assert got == [(1, third.pk, "Eén loket"), (2, first.pk, first.title), (3, new.pk, "Nieuwe aanbeveling")]
    assert not Recommendation.objects.filter(pk=second.pk).exists()
    # The history tells who removed, renumbered and added which one.
    entries = client.get(url("work_detail", advice)).context["recommendation_history"]
    assert entries[0].who == str(member)
    lines = " | ".join(f"{line.subject} {line.action} {line.changes}" for line in entries[0].lines)
    assert "verwijderd" in lines
    assert "toegevoegd" in lines
    assert "('nummer', '3', '1')" in lines


def test_recommendations_a_plain_save_changes_nothing(client, world):
    advice = draft(world.velsen_council, recommendations=2)
    records = Recommendation.history.count()
    client.force_login(world.people["lid_velsen"])
    response = client.post(url("work_recommendations", advice), formset_data(advice, []))
    assert response.status_code == 302
    assert Recommendation.history.count() == records


def test_recommendations_need_title_and_text(client, world):
    advice = draft(world.velsen_council, recommendations=1)
    client.force_login(world.people["lid_velsen"])
    data = formset_data(advice, [{"title": ""}, {"title": "Alleen een titel"}])
    response = client.post(url("work_recommendations", advice), data)
    assert response.status_code == 400
    assert "Alleen een titel" in response.content.decode()
    assert advice.recommendations.count() == 1


def test_submit_with_missing_client_perspective_shows_the_problem(client, world):
    advice = draft(world.velsen_council, client_perspective="")
    client.force_login(world.people["lid_velsen"])
    response = client.post(url("work_status", advice), {"actie": "ter_vaststelling"}, follow=True)
    assert "Het cliëntperspectief is nog niet beschreven." in messages_of(response)
    assert Advice.objects.get(pk=advice.pk).status == AdviceStatus.DRAFT


def test_submit_and_back_to_draft(client, world):
    advice = draft(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    assert client.get(url("work_status", advice)).status_code == 405
    client.post(url("work_status", advice), {"actie": "ter_vaststelling"})
    assert Advice.objects.get(pk=advice.pk).status == AdviceStatus.FOR_ADOPTION
    page = client.get(url("work_detail", advice))
    assert page.context["may_back_to_draft"] and not page.context["may_adopt"]
    client.post(url("work_status", advice), {"actie": "concept"})
    assert Advice.objects.get(pk=advice.pk).status == AdviceStatus.DRAFT


# --- Adoption --------------------------------------------------------------------------------------


def test_a_member_cannot_adopt_the_chair_can(client, world):
    advice = draft(world.velsen_council)
    services.advice_submit(advice=advice, by=None)
    client.force_login(world.people["lid_velsen"])
    assert client.get(url("work_adopt", advice)).status_code == 403
    assert client.post(url("work_adopt", advice)).status_code == 403
    assert client.get(url("work_detail", advice)).context["may_adopt"] is False
    chair = world.people["voorzitter_velsen"]
    client.force_login(chair)
    assert client.get(url("work_detail", advice)).context["may_adopt"] is True
    page = client.get(url("work_adopt", advice))
    assert page.status_code == 200
    assert "verandert de tekst niet meer" in page.content.decode()
    response = client.post(url("work_adopt", advice))
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.ADOPTED
    assert advice.number == f"VEL-{timezone.localdate().year}-001"
    assert advice.adopted_by == chair


def test_edit_after_adoption_is_refused(client, world, fake_pdf):
    advice = adopted(world)
    client.force_login(world.people["lid_velsen"])
    for name in ("work_edit", "work_recommendations"):
        response = client.get(url(name, advice), follow=True)
        assert response.redirect_chain[-1][0] == url("work_detail", advice)
        assert any("Maak een correctie" in m for m in messages_of(response))
    response = client.post(url("work_edit", advice), edit_data(advice, subject="Anders"))
    assert response.status_code == 302
    assert Advice.objects.get(pk=advice.pk).subject != "Anders"
    page = client.get(url("work_detail", advice))
    assert page.context["may_edit"] is False
    assert page.context["may_correct"] is True


# --- Sending ---------------------------------------------------------------------------------------


def test_send_with_a_bad_publication_date_shows_the_error(client, world, fake_pdf):
    world.velsen.college_email = "college@velsen.example.org"
    world.velsen.save()
    advice = adopted(world)
    client.force_login(world.people["lid_velsen"])
    assert client.get(url("work_send", advice)).status_code == 403
    client.force_login(world.people["voorzitter_velsen"])
    page = client.get(url("work_send", advice))
    assert page.status_code == 200
    assert "college@velsen.example.org" in page.content.decode()
    too_late = timezone.localdate() + timedelta(weeks=10)
    response = client.post(url("work_send", advice), {"published_on": too_late.isoformat()})
    assert response.status_code == 400
    assert "De Woo vraagt publicatie uiterlijk op" in str(response.context["form"].errors["published_on"])
    response = client.post(
        url("work_send", advice),
        {"published_on": timezone.localdate().isoformat(), "confidential_until": too_late.isoformat()},
    )
    assert response.status_code == 400
    assert "confidential_reason" in response.context["form"].errors
    assert Advice.objects.get(pk=advice.pk).status == AdviceStatus.ADOPTED
    assert not OutboxMessage.objects.exists()


def test_send_mails_the_pdf_and_starts_the_term(client, world, fake_pdf):
    world.velsen.college_email = "college@velsen.example.org"
    world.velsen.save()
    advice = adopted(world)
    client.force_login(world.people["voorzitter_velsen"])
    response = client.post(url("work_send", advice), {"published_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.SENT
    assert advice.response_due_on == timezone.localdate() + timedelta(weeks=6)
    mail = OutboxMessage.objects.get()
    assert mail.to == ["college@velsen.example.org"]
    assert mail.attachments[0]["filename"] == f"{advice.number}.pdf"
    assert mail.attachments[0]["mimetype"] == "application/pdf"
    page = client.get(url("work_detail", advice))
    assert page.context["may_respond"] is False  # the chair is no policy advisor
    client.force_login(world.people["beleid_velsen"])
    assert client.get(url("work_detail", advice)).context["may_respond"] is True


# --- The college's response ------------------------------------------------------------------------


def response_data(advice: Advice, verdict: str = Verdict.ADOPTED, reasons: str = "", **overrides) -> dict:
    data = {"received_on": timezone.localdate().isoformat(), "letter_text": "Het college dankt de raad."}
    for recommendation in advice.recommendations.all():
        data[f"verdict_{recommendation.pk}"] = verdict
        data[f"reasons_{recommendation.pk}"] = reasons
    data.update(overrides)
    return data


def test_response_recorded_by_the_velsen_advisor(client, world, fake_pdf):
    advice = sent(world)
    # Beverwijk's advisor does not read advice to Velsen; a Velsen member reads it but may not answer it.
    client.force_login(world.people["beleid_beverwijk"])
    assert client.get(url("work_response", advice)).status_code == 404
    assert client.post(url("work_response", advice), response_data(advice)).status_code == 404
    client.force_login(world.people["lid_velsen"])
    assert client.post(url("work_response", advice), response_data(advice)).status_code == 403
    advisor = world.people["beleid_velsen"]
    client.force_login(advisor)
    page = client.get(url("work_response", advice))
    assert page.status_code == 200
    assert page.content.decode().count("<legend") >= 3  # one fieldset per recommendation's verdict
    response = client.post(url("work_response", advice), response_data(advice), follow=True)
    assert "op tijd" in " ".join(messages_of(response))
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.ANSWERED
    assert advice.response.recorded_by == advisor
    assert set(advice.recommendations.values_list("verdict", flat=True)) == {Verdict.ADOPTED}
    assert client.get(url("work_response", advice), follow=True).redirect_chain[-1][0] == url("work_detail", advice)


def test_reasons_are_needed_for_partly_and_not_adopted(client, world, fake_pdf):
    advice = sent(world)
    client.force_login(world.people["beleid_velsen"])
    first = advice.recommendations.order_by("number").first()
    data = response_data(advice, verdict=Verdict.PARTLY, letter_text="De brief van het college.")
    response = client.post(url("work_response", advice), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Geef de reden van het college bij aanbeveling 1." in errors[f"reasons_{first.pk}"]
    # Nothing typed is lost.
    assert "De brief van het college." in response.content.decode()
    assert re.search(rf'name="verdict_{first.pk}" value="deels"[^>]* checked', response.content.decode())
    assert Advice.objects.get(pk=advice.pk).status == AdviceStatus.SENT
    response = client.post(url("work_response", advice), {**data, f"verdict_{first.pk}": ""})
    assert "Kies wat het college met aanbeveling 1 doet." in response.context["form"].errors[f"verdict_{first.pk}"]
    response = client.post(
        url("work_response", advice), response_data(advice, verdict=Verdict.NOT_ADOPTED, reasons="Te duur.")
    )
    assert response.status_code == 302
    assert set(advice.recommendations.values_list("verdict_reasons", flat=True)) == {"Te duur."}


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 8, b"<html><body>Brief</body></html>"],
    ids=["renamed-executable", "html"],
)
def test_upload_check_refuses_what_is_not_a_pdf(client, world, fake_pdf, content):
    advice = sent(world)
    client.force_login(world.people["beleid_velsen"])
    upload = SimpleUploadedFile("brief.pdf", content, content_type="application/pdf")
    response = client.post(url("work_response", advice), {**response_data(advice), "letter_pdf": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["letter_pdf"] == ["Dit is geen pdf-bestand. Kies de brief als pdf."]
    assert not CollegeResponse.objects.exists()


def test_upload_of_a_real_pdf_is_kept_and_served_only_to_readers(client, world, fake_pdf):
    advice = sent(world)
    letter = small_pdf()
    client.force_login(world.people["beleid_velsen"])
    assert client.get(url("work_response_letter", advice)).status_code == 404  # no response yet
    upload = SimpleUploadedFile("brief van het college.pdf", letter, content_type="application/octet-stream")
    response = client.post(url("work_response", advice), {**response_data(advice), "letter_pdf": upload})
    assert response.status_code == 302
    download = client.get(url("work_response_letter", advice))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="reactie-{advice.number}.pdf"'
    assert b"".join(download.streaming_content) == letter
    for persona, status in (("lid_velsen", 200), ("aanjager", 200), ("lid_beverwijk", 404), ("inwoner", 404)):
        client.force_login(world.people[persona])
        assert client.get(url("work_response_letter", advice)).status_code == status, persona
    client.logout()
    assert client.get(url("work_response_letter", advice)).status_code == 302


def test_upload_too_large_is_refused(client, world, fake_pdf, settings):
    settings.ADVICE_LETTER_MAX_BYTES = 1000
    advice = sent(world)
    client.force_login(world.people["beleid_velsen"])
    upload = SimpleUploadedFile("brief.pdf", small_pdf() + b"%" * 2000, content_type="application/pdf")
    response = client.post(url("work_response", advice), {**response_data(advice), "letter_pdf": upload})
    assert response.status_code == 400
    assert "groter dan 5 MB" in str(response.context["form"].errors["letter_pdf"])


def test_detail_shows_the_response_beside_each_recommendation(client, world, fake_pdf):
    advice = answered(world)
    client.force_login(world.people["lid_velsen"])
    page = client.get(url("work_detail", advice)).content.decode()
    assert "Reactie van het college" in page
    assert "Overgenomen" in page
    assert "op tijd" in page


# --- Closing and correcting ------------------------------------------------------------------------


def test_close_after_the_response(client, world, fake_pdf):
    advice = answered(world)
    client.force_login(world.people["beleid_velsen"])
    assert client.post(url("work_close", advice)).status_code == 403
    client.force_login(world.people["lid_velsen"])
    assert client.get(url("work_close", advice)).status_code == 405
    assert client.post(url("work_close", advice)).status_code == 302
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.CLOSED
    response = client.post(url("work_close", advice), follow=True)
    assert "Alleen een beantwoord advies wordt afgerond." in messages_of(response)


def test_correction_is_a_new_draft_that_refers_to_the_old(client, world, fake_pdf):
    advice = adopted(world)
    member = world.people["lid_velsen"]
    client.force_login(member)
    assert client.get(url("work_correct", advice)).status_code == 200
    response = client.post(url("work_correct", advice))
    correction = Advice.objects.exclude(pk=advice.pk).get()
    assert response.status_code == 302
    assert response["Location"] == url("work_edit", correction)
    assert correction.corrects == advice
    assert correction.status == AdviceStatus.DRAFT
    assert correction.subject == f"Correctie: {advice.subject}"
    assert correction.created_by == member
    assert correction.recommendations.count() == advice.recommendations.count()
    page = client.get(url("work_detail", advice))
    assert list(page.context["corrections"]) == [correction]
    assert advice.number in client.get(url("work_detail", correction)).content.decode()
    # A draft gets no correction: it is changed directly.
    response = client.post(url("work_correct", correction), follow=True)
    assert any("pas een concept gewoon aan" in m for m in messages_of(response))


# --- The PDFs --------------------------------------------------------------------------------------


def test_pdf_of_an_adopted_advice_is_an_attachment(client, world, fake_pdf):
    concept = draft(world.velsen_council)
    advice = adopted(world)
    client.force_login(world.people["beleid_velsen"])
    download = client.get(url("work_pdf", advice))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{advice.number}.pdf"'
    assert b"".join(download.streaming_content) == fake_pdf
    client.force_login(world.people["lid_velsen"])
    assert client.get(url("work_pdf", concept)).status_code == 404
    assert client.get(url("work_preview", advice))["Location"] == url("work_pdf", advice)


def test_preview_of_a_draft_renders_inline(client, world):
    concept = draft(world.velsen_council)
    client.force_login(world.people["lid_velsen"])
    preview = client.get(url("work_preview", concept))
    assert preview.status_code == 200
    assert preview["Content-Type"] == "application/pdf"
    assert preview["Content-Disposition"] == f'inline; filename="concept-{concept.pk}.pdf"'
    assert "no-store" in preview["Cache-Control"]
    assert b"".join(preview.streaming_content).startswith(b"%PDF-")
    client.force_login(world.people["lid_beverwijk"])
    assert client.get(url("work_preview", concept)).status_code == 404


def test_regional_advice_is_answered_by_an_advisor_of_any_of_the_three(client, world, fake_pdf):
    world.velsen.college_email = "college@velsen.example.org"
    world.velsen.save()
    advice = draft(world.regional_council)
    services.advice_submit(advice=advice, by=None)
    services.advice_adopt(advice=advice, by=None)
    services.advice_send(advice=advice, by=None)
    client.force_login(world.people["beleid_beverwijk"])
    page = client.get(url("work_detail", advice))
    assert "Aan de colleges van burgemeester en wethouders van Beverwijk, Heemskerk en Velsen" in page.content.decode()
    assert page.context["may_respond"] is True
    response = client.post(url("work_response", advice), response_data(advice))
    assert response.status_code == 302
    assert Advice.objects.get(pk=advice.pk).status == AdviceStatus.ANSWERED


# --- Hostile input ---------------------------------------------------------------------------------

ODD = ["²", "٣", "9" * 5000, "9" * 25, "\x00", "<script>", "-1"]


@pytest.mark.parametrize("field", ["council", "request", "tables", "agenda_items", "themes", "kind"])
@pytest.mark.parametrize("value", ODD)
def test_create_with_odd_values_never_fails(client, world, field, value):
    client.force_login(world.people["lid_velsen"])
    data = {"council": world.velsen_council.pk, "kind": "ongevraagd", "subject": "Vervoer", field: value}
    assert client.post(CREATE, data).status_code == 400
    assert client.get(CREATE, {"verzoek": value, "tafel": value, "agendapunt": value}).status_code == 200


@pytest.mark.parametrize("value", ODD)
def test_response_with_odd_values_never_fails(client, world, fake_pdf, value):
    advice = sent(world)
    client.force_login(world.people["beleid_velsen"])
    first = advice.recommendations.order_by("number").first()
    for field in ("received_on", f"verdict_{first.pk}"):
        assert client.post(url("work_response", advice), {**response_data(advice), field: value}).status_code == 400
    assert Advice.objects.get(pk=advice.pk).status == AdviceStatus.SENT
