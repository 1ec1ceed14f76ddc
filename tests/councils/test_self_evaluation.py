"""The yearly self-evaluation: any member fills in the concept, the chair or secretary submits it once every
question has a score, then it is read-only; once a year per council; the regional readers read any council's,
other councils' members get 404; the aanjager compares the submitted ones side by side."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from councils import services
from councils.models import SELF_EVALUATION_QUESTIONS, SelfEvaluation, SelfEvaluationStatus
from councils.services import AnswerInput

from .. import factories as f

pytestmark = pytest.mark.django_db

CODES = [code for code, _text in SELF_EVALUATION_QUESTIONS]
THIS_YEAR = timezone.localdate().year
LIST = reverse("councils:self_evaluation_list")
OVERVIEW = reverse("councils:self_evaluation_overview")


def edit_url(council, year: int = THIS_YEAR) -> str:
    return reverse("councils:self_evaluation_edit", kwargs={"slug": council.slug, "year": year})


def submit_url(council, year: int = THIS_YEAR) -> str:
    return reverse("councils:self_evaluation_submit", kwargs={"slug": council.slug, "year": year})


def all_answers(score: int = 4) -> dict[str, AnswerInput]:
    return {code: AnswerInput(score=score, reflection=f"Over {code}.") for code in CODES}


def form_data(scores: dict[str, str] | None = None, **extra: str) -> dict[str, str]:
    data = {f"reflection_{code}": f"Toelichting {code}" for code in CODES}
    data.update({f"score_{code}": value for code, value in (scores or {}).items()})
    data["conclusion"] = "We betrekken jongeren beter."
    data.update(extra)
    return data


def save(world, answers, person="lid_velsen", council=None) -> SelfEvaluation:
    return services.self_evaluation_save(
        council=council or world.velsen_council,
        year=THIS_YEAR,
        answers=answers,
        conclusion="Meer jongeren.",
        by=world.people[person],
    )


# --- Services ------------------------------------------------------------------------------------


def test_a_member_saves_a_concept_and_saving_again_updates_it(world):
    evaluation = save(world, {"bereik": AnswerInput(score=2, reflection=" Weinig jongeren. ")})
    assert evaluation.status == SelfEvaluationStatus.DRAFT and evaluation.updated_by == world.people["lid_velsen"]
    assert [(a.question, a.score, a.reflection) for a in evaluation.answers.all()] == [
        ("bereik", 2, "Weinig jongeren.")
    ]
    save(world, {"bereik": AnswerInput(score=3), "netwerk": AnswerInput(score=None, reflection="Nog bespreken")})
    assert SelfEvaluation.objects.count() == 1
    assert dict(evaluation.answers.values_list("question", "score")) == {"bereik": 3, "netwerk": None}


def test_only_the_councils_members_fill_it_in(world):
    for persona in ("lid_beverwijk", "aanjager", "beleid_velsen"):
        with pytest.raises(ValidationError):
            save(world, all_answers(), person=persona)
    assert not SelfEvaluation.objects.exists()


def test_submitting_needs_a_score_for_every_question_and_says_which_are_missing(world):
    evaluation = save(world, {code: AnswerInput(score=3) for code in CODES[:5]})
    with pytest.raises(ValidationError) as refused:
        services.self_evaluation_submit(evaluation=evaluation, by=world.people["voorzitter_velsen"])
    message = " ".join(refused.value.messages)
    for code, text in SELF_EVALUATION_QUESTIONS[5:]:
        assert str(text) in message, code
    assert str(SELF_EVALUATION_QUESTIONS[0][1]) not in message
    evaluation.refresh_from_db()
    assert evaluation.status == SelfEvaluationStatus.DRAFT


def test_only_the_chair_or_secretary_submits_and_then_nothing_changes(world):
    evaluation = save(world, all_answers())
    with pytest.raises(ValidationError):
        services.self_evaluation_submit(evaluation=evaluation, by=world.people["lid_velsen"])
    submitted = services.self_evaluation_submit(evaluation=evaluation, by=world.people["voorzitter_velsen"])
    assert submitted.is_submitted and submitted.submitted_by == world.people["voorzitter_velsen"]
    with pytest.raises(ValidationError, match="ingediend"):
        save(world, all_answers(score=1))
    with pytest.raises(ValidationError, match="ingediend"):
        services.self_evaluation_submit(evaluation=evaluation, by=world.people["voorzitter_velsen"])
    assert set(evaluation.answers.values_list("score", flat=True)) == {4}


def test_a_secretary_submits_too(world):
    secretary = f.UserFactory()
    f.MembershipFactory(person=secretary, council=world.velsen_council, role="secretaris")
    evaluation = save(world, all_answers())
    assert services.self_evaluation_submit(evaluation=evaluation, by=secretary).is_submitted


def test_once_a_year_per_council(world):
    f.SelfEvaluationFactory(council=world.velsen_council, year=2025)
    f.SelfEvaluationFactory(council=world.beverwijk_council, year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfEvaluation.objects.create(council=world.velsen_council, year=2025)


def test_unknown_questions_and_scores_outside_1_to_5_are_refused(world):
    with pytest.raises(ValidationError):
        save(world, {"verzonnen": AnswerInput(score=3)})
    with pytest.raises(ValidationError):
        save(world, {"bereik": AnswerInput(score=6)})
    assert not SelfEvaluation.objects.filter(answers__isnull=False).exists()


# --- Pages ---------------------------------------------------------------------------------------


def test_list_shows_the_users_councils_and_offers_to_start_this_year(client, world):
    f.SelfEvaluationFactory(council=world.velsen_council, year=THIS_YEAR - 1, status="ingediend")
    f.SelfEvaluationFactory(council=world.beverwijk_council, year=THIS_YEAR - 1)
    client.force_login(world.people["lid_velsen"])
    response = client.get(LIST)
    assert [row["council"] for row in response.context["rows"]] == [world.velsen_council]
    page = response.content.decode()
    assert edit_url(world.velsen_council) in page and f"Zelfevaluatie {THIS_YEAR} beginnen" in page
    assert OVERVIEW not in page
    client.force_login(world.people["aanjager"])
    response = client.get(LIST)
    assert len(response.context["rows"]) == 4
    assert "beginnen" not in response.content.decode() and OVERVIEW in response.content.decode()
    for outsider in ("beleid_velsen", "inwoner", "ervaring"):
        client.force_login(world.people[outsider])
        assert client.get(LIST).status_code == 403


def test_a_member_fills_in_the_form_and_bad_input_keeps_what_was_typed(client, world):
    client.force_login(world.people["lid_velsen"])
    page = client.get(edit_url(world.velsen_council))
    assert page.status_code == 200 and page.context["form"] is not None and not page.context["may_submit"]
    bad = client.post(edit_url(world.velsen_council), form_data({"bereik": "7", "netwerk": "3"}))
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Toelichting clientperspectief" in html and "We betrekken jongeren beter." in html
    chosen = re.search(r'<input type="radio" name="score_netwerk" value="3"[^>]*>', html)
    assert chosen is not None and " checked" in chosen.group(0)
    assert "score_bereik" in bad.context["form"].errors
    assert not SelfEvaluation.objects.exists()
    good = client.post(edit_url(world.velsen_council), form_data({"bereik": "2", "netwerk": "3"}))
    assert good.status_code == 302 and good["Location"] == edit_url(world.velsen_council)
    evaluation = SelfEvaluation.objects.get()
    assert dict(evaluation.answers.filter(score__isnull=False).values_list("question", "score")) == {
        "bereik": 2,
        "netwerk": 3,
    }
    # What was saved comes back in the form.
    form = client.get(edit_url(world.velsen_council)).context["form"]
    assert form.initial["score_bereik"] == 2 and form.initial["conclusion"] == "We betrekken jongeren beter."


def test_hostile_input_is_escaped_and_never_a_500(client, world):
    client.force_login(world.people["lid_velsen"])
    response = client.post(
        edit_url(world.velsen_council),
        form_data({"bereik": "٣"}, reflection_netwerk="x" * 100_000, conclusion="<img src=x onerror=alert(1)>"),
    )
    assert response.status_code == 400
    assert "<img src=x" not in response.content.decode()
    assert not SelfEvaluation.objects.exists()


def test_the_chair_saves_and_submits_in_one_step(client, world):
    client.force_login(world.people["voorzitter_velsen"])
    assert client.get(edit_url(world.velsen_council)).context["may_submit"]
    missing = client.post(submit_url(world.velsen_council), form_data({"bereik": "4"}), follow=True)
    assert str(SELF_EVALUATION_QUESTIONS[1][1]) in missing.content.decode()
    evaluation = SelfEvaluation.objects.get()
    assert evaluation.status == SelfEvaluationStatus.DRAFT
    assert evaluation.answers.get(question="bereik").score == 4  # saved, not lost
    response = client.post(submit_url(world.velsen_council), form_data(dict.fromkeys(CODES, "5")), follow=True)
    assert "De zelfevaluatie is ingediend." in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.is_submitted
    # Read-only now: no form, and a member's save changes nothing.
    assert response.context["form"] is None
    client.force_login(world.people["lid_velsen"])
    again = client.post(edit_url(world.velsen_council), form_data(dict.fromkeys(CODES, "1")), follow=True)
    assert "kan niet meer worden gewijzigd" in again.content.decode()
    assert set(evaluation.answers.values_list("score", flat=True)) == {5}


def test_a_member_may_not_submit(client, world):
    save(world, all_answers())
    client.force_login(world.people["lid_velsen"])
    assert client.post(submit_url(world.velsen_council)).status_code == 403
    assert SelfEvaluation.objects.get().status == SelfEvaluationStatus.DRAFT


def test_submit_without_an_evaluation_says_to_fill_it_in(client, world):
    client.force_login(world.people["voorzitter_velsen"])
    response = client.post(submit_url(world.velsen_council), follow=True)
    assert "Vul de zelfevaluatie eerst in." in response.content.decode()


def test_regional_readers_read_other_councils_members_get_404(client, world):
    evaluation = save(world, all_answers())
    for reader in ("aanjager", "ondersteuning", "beheer"):
        client.force_login(world.people[reader])
        page = client.get(edit_url(world.velsen_council))
        assert page.status_code == 200 and page.context["form"] is None
        assert "Over bereik." in page.content.decode()
        assert client.post(edit_url(world.velsen_council), form_data()).status_code == 403
    for outsider in ("lid_beverwijk", "lid_regio", "beleid_velsen", "inwoner"):
        client.force_login(world.people[outsider])
        assert client.get(edit_url(world.velsen_council)).status_code == 404
        assert client.post(submit_url(world.velsen_council)).status_code == 404
    evaluation.refresh_from_db()
    assert evaluation.conclusion == "Meer jongeren."


def test_years_outside_the_range_are_not_found(client, world):
    client.force_login(world.people["lid_velsen"])
    assert client.get(edit_url(world.velsen_council, THIS_YEAR + 1)).status_code == 404
    assert client.get(edit_url(world.velsen_council, 2017)).status_code == 404
    assert client.get(edit_url(world.velsen_council, THIS_YEAR - 1)).status_code == 200


def test_overview_shows_submitted_scores_side_by_side(client, world):
    last_year = THIS_YEAR - 1
    velsen = f.SelfEvaluationFactory(
        council=world.velsen_council, year=last_year, status="ingediend", conclusion="Velsen wil meer jongeren."
    )
    for number, code in enumerate(CODES):
        f.SelfEvaluationAnswerFactory(
            evaluation=velsen, question=code, score=1 + number % 5, reflection=f"Velsen {code}"
        )
    draft = f.SelfEvaluationFactory(council=world.beverwijk_council, year=last_year)
    f.SelfEvaluationAnswerFactory(evaluation=draft, question="bereik", score=5, reflection="Geheim concept")
    client.force_login(world.people["aanjager"])
    response = client.get(OVERVIEW)
    assert response.status_code == 200 and response.context["year"] == last_year  # the latest submitted year
    first = response.context["questions"][0]
    by_council = {cell.council: cell for cell in first["cells"]}
    assert by_council[world.velsen_council].score == 1
    assert by_council[world.beverwijk_council].score is None and by_council[world.beverwijk_council].state == "concept"
    assert by_council[world.heemskerk_council].state == ""
    html = response.content.decode()
    assert "nog niet ingediend" in html and "Velsen bereik" in html and "Velsen wil meer jongeren." in html
    assert "Geheim concept" not in html
    this_year = client.get(OVERVIEW, {"jaar": THIS_YEAR})
    assert this_year.context["year"] == THIS_YEAR and this_year.context["submitted_count"] == 0
    for value in ("1999", "abc", "٣", "9" * 40):
        assert client.get(OVERVIEW, {"jaar": value}).context["year"] == last_year


def test_overview_is_for_regional_readers_and_the_regional_council(client, world):
    for persona in ("aanjager", "ondersteuning", "beheer", "lid_regio"):
        client.force_login(world.people[persona])
        assert client.get(OVERVIEW).status_code == 200
    for persona in ("lid_velsen", "voorzitter_velsen", "beleid_velsen", "inwoner"):
        client.force_login(world.people[persona])
        assert client.get(OVERVIEW).status_code == 403


def test_overview_queries_do_not_grow_with_evaluations(client, world, django_assert_max_num_queries):
    client.force_login(world.people["aanjager"])
    client.get(OVERVIEW)
    with django_assert_max_num_queries(12):
        client.get(OVERVIEW)
    for year in range(THIS_YEAR - 4, THIS_YEAR):
        for council in (world.velsen_council, world.beverwijk_council, world.heemskerk_council, world.regional_council):
            evaluation = f.SelfEvaluationFactory(council=council, year=year, status="ingediend")
            for code in CODES:
                f.SelfEvaluationAnswerFactory(evaluation=evaluation, question=code, score=3)
    with django_assert_max_num_queries(12):
        client.get(OVERVIEW)
