"""The dashboard page, its CSV, the refresh on demand, the evaluation criteria and the evaluation reminder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ijmond_participatie.models import CoordinatorTerm, CriterionTarget, EvaluationCriterion, RollupRefresh
from ijmond_participatie.regional import criteria
from ijmond_participatie.regional.rollups import rollups_refresh
from infrastructure.models import OutboxMessage
from members.models import CouncilRole

from .. import factories as f
from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _client(client, world, persona):
    client.force_login(world.people[persona])
    return client


def test_the_aanjager_sees_every_section_and_may_refresh(client, world):
    rollups_refresh()
    response = _client(client, world, "aanjager").get(reverse("regional_dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    for heading in ["Signalen", "Participatieagenda", "Vroegtijdige betrokkenheid", "Participatietafels", "Adviezen"]:
        assert f">{heading}</h2>" in page
    assert "Cijfers nu bijwerken" in page
    assert "Cijfers bijgewerkt op" in page
    assert 'role="img"' in page  # the charts are drawn on the server
    assert "no-store" in response["Cache-Control"]


def test_a_regional_member_reads_without_the_aanjagers_controls(client, world):
    page = _client(client, world, "lid_regio").get(reverse("regional_dashboard")).content.decode()
    assert "Cijfers nu bijwerken" not in page
    assert reverse("regional_criterion_create") not in page


def test_figures_link_only_to_lists_the_user_may_open(client, world):
    f.SignalFactory.create_batch(6, municipality=world.velsen)
    rollups_refresh()
    triage = reverse("signals:triage")
    assert f'href="{triage}?' in _client(client, world, "aanjager").get(reverse("regional_dashboard")).content.decode()
    # The support team does not see residents' signals: the numbers are there, the links are not.
    client.logout()
    page = _client(client, world, "ondersteuning").get(reverse("regional_dashboard")).content.decode()
    assert f'href="{triage}?' not in page


def test_the_period_is_switched_and_a_wrong_one_explained(client, world):
    client = _client(client, world, "aanjager")
    page = client.get(reverse("regional_dashboard"), {"van": "2025-01", "tot": "2025-06"}).content.decode()
    assert "Van januari 2025 tot en met juni 2025" in page
    assert "van=2025-01&amp;tot=2025-06" in page  # the CSV links keep the period
    wrong = client.get(reverse("regional_dashboard"), {"van": "2025-06", "tot": "2025-01"}).content.decode()
    assert "De eindmaand ligt vóór de beginmaand." in wrong
    garbage = client.get(reverse("regional_dashboard"), {"van": "gisteren", "tot": "2025-01"}).content.decode()
    assert "Kies een begin- en eindmaand" in garbage


def test_the_csv_of_a_figure_keeps_the_minimum_group_rule(client, dataset):
    client = _client(client, dataset, "aanjager")
    response = client.get(
        reverse("regional_figure_csv", args=["signalen-per-thema"]), {"van": "2026-01", "tot": "2026-03"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffsectie;cijfer;rij;kolom;waarde")
    assert "Signalen per thema;Vervoer;Beverwijk;< 5;" in text
    assert "Signalen per thema;Vervoer;Beverwijk;3;" not in text
    everything = client.get(reverse("regional_dashboard_csv"), {"van": "2026-01", "tot": "2026-03"})
    assert "Adviezen waarop de reactie van het college te laat is" in everything.content.decode("utf-8")


def test_the_page_is_drawn_once_per_refresh_and_period(client, world, django_assert_max_num_queries):
    rollups_refresh()
    client = _client(client, world, "aanjager")
    client.get(reverse("regional_dashboard"))  # draws and keeps it
    # Session, user, scope (2), the latest refresh, the first month, the term, the session's idle-time
    # update (3 with its savepoint): nothing per figure.
    with django_assert_max_num_queries(10):
        assert client.get(reverse("regional_dashboard")).status_code == 200
    client.get(reverse("regional_dashboard_csv"))  # the CSV's figures (without links) are kept too
    with django_assert_max_num_queries(8):
        assert client.get(reverse("regional_dashboard_csv")).status_code == 200


def test_the_drawn_page_does_not_grow_with_the_data(client, world, django_assert_max_num_queries):
    rollups_refresh()
    client = _client(client, world, "aanjager")
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("regional_dashboard"), {"van": "2024-01", "tot": "2024-12"})
    for _ in range(30):
        f.SignalFactory(municipality=world.velsen)
        f.AgendaItemFactory(council=world.velsen_council)
    rollups_refresh()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("regional_dashboard"), {"van": "2024-01", "tot": "2024-12"})


def test_refresh_runs_the_task_after_the_commit(client, world, django_capture_on_commit_callbacks):
    client = _client(client, world, "aanjager")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("regional_refresh"))
    assert RollupRefresh.objects.count() == 1


# --- Evaluation criteria ---------------------------------------------------------------------------------


def test_the_aanjager_sets_a_criterion_with_a_target_per_council(client, world):
    client = _client(client, world, "aanjager")
    data = {
        "name": "Signalen binnen vier weken",
        "metric": "signalen_beantwoord",
        "term_days": "28",
        "default_target": "90",
        "order": "0",
        "is_active": "on",
        f"doel_{world.velsen_council.slug}": "80",
    }
    response = client.post(reverse("regional_criterion_create"), data)
    assert response.status_code == 302
    criterion = EvaluationCriterion.objects.get(name="Signalen binnen vier weken")
    assert criterion.created_by == world.people["aanjager"]
    assert criterion.target_for(world.velsen_council.pk) == 80
    assert criterion.target_for(world.beverwijk_council.pk) == 90
    # Emptying the council's field returns it to the default target.
    data[f"doel_{world.velsen_council.slug}"] = ""
    client.post(reverse("regional_criterion_edit", args=[criterion.pk]), data)
    assert not CriterionTarget.objects.filter(criterion=criterion).exists()


def test_a_signal_criterion_needs_its_term(client, world):
    client = _client(client, world, "aanjager")
    data = {"name": "Snel", "metric": "signalen_eerste_reactie", "default_target": "80", "order": "0"}
    response = client.post(reverse("regional_criterion_create"), data)
    assert response.status_code == 200
    assert "Geef de termijn in dagen" in response.content.decode()
    assert not EvaluationCriterion.objects.exists()


def test_a_new_criterion_shows_on_the_dashboard_at_once(client, world):
    rollups_refresh()
    client = _client(client, world, "aanjager")
    client.get(reverse("regional_dashboard"))  # drawn and kept
    client.post(
        reverse("regional_criterion_create"),
        {
            "name": "Elke tafel een cliënt",
            "metric": "tafels_clientplaats",
            "default_target": "100",
            "order": "0",
            "is_active": "on",
        },
    )
    assert "Elke tafel een cliënt" in client.get(reverse("regional_dashboard")).content.decode()


def test_criteria_per_quarter_against_hand_computed_values(dataset):
    CoordinatorTerm.objects.create(
        person=dataset.people["aanjager"], starts_on=date(2026, 1, 1), ends_on=date(2028, 1, 1)
    )
    made = {
        metric: EvaluationCriterion.objects.create(name=metric, metric=metric, term_days=days, default_target=60)
        for metric, days in [
            ("signalen_beantwoord", 7),
            ("signalen_eerste_reactie", 2),
            ("tafels_clientplaats", None),
            ("adviezen_op_tijd", None),
            ("verzoeken_op_tijd", None),
            ("ondersteuning_op_tijd", None),
        ]
    }
    CriterionTarget.objects.create(criterion=made["adviezen_op_tijd"], council=dataset.velsen_council, target=50)
    quarters, results = criteria.evaluate(today=TODAY)
    assert [quarter.label for quarter in quarters] == ["2026-K1"]
    velsen = {result.criterion.metric: result.for_council(dataset.velsen_council.pk)[0] for result in results}
    # Closed within 7 days: after 2, 4, 4 and 6 days (not 10), of the 6 received.
    assert (velsen["signalen_beantwoord"].part, velsen["signalen_beantwoord"].whole) == (4, 6)
    assert velsen["signalen_beantwoord"].percent == 67 and velsen["signalen_beantwoord"].met is True
    # A first response within 2 days: after 1, 1 and 2 days.
    assert (velsen["signalen_eerste_reactie"].part, velsen["signalen_eerste_reactie"].whole) == (3, 6)
    assert velsen["signalen_eerste_reactie"].met is False
    assert velsen["tafels_clientplaats"].percent == 100
    assert velsen["adviezen_op_tijd"].percent == 50 and velsen["adviezen_op_tijd"].met is True  # own target 50
    assert velsen["verzoeken_op_tijd"].percent == 33 and velsen["verzoeken_op_tijd"].met is False
    assert velsen["ondersteuning_op_tijd"].percent == 50
    # Beverwijk's three signals are too few to show a share.
    beverwijk = next(r for r in results if r.criterion.metric == "signalen_beantwoord")
    assert beverwijk.for_council(dataset.beverwijk_council.pk)[0].suppressed
    # Heemskerk had no tables: nothing to measure.
    tables = next(r for r in results if r.criterion.metric == "tafels_clientplaats")
    assert tables.for_council(dataset.heemskerk_council.pk)[0].met is None


# --- The aanjager's term and the evaluation reminder -------------------------------------------------------


def test_everyone_involved_is_reminded_three_months_before_the_evaluation_once(world):
    today = timezone.localdate()
    term = CoordinatorTerm.objects.create(
        person=world.people["aanjager"], starts_on=today - timedelta(days=640), ends_on=today + timedelta(days=90)
    )
    f.MembershipFactory(
        person=f.UserFactory(email="secretaris.velsen@example.org"),
        council=world.velsen_council,
        role=CouncilRole.SECRETARIS,
    )
    sent = criteria.send_evaluation_reminders()
    queued = OutboxMessage.objects.filter(dedup_key__startswith=f"evaluation-due:{term.pk}:")
    recipients = {message.to[0] for message in queued}
    assert sent == len(recipients)
    assert {
        "aanjager@example.org",
        "voorzitter.velsen@example.org",
        "secretaris.velsen@example.org",
        "ondersteuning@example.org",
        "beleid.velsen@example.org",
    } <= recipients
    assert "lid.velsen@example.org" not in recipients  # a member hears it from the chair
    assert all("Over drie maanden" in message.subject for message in queued)
    term.refresh_from_db()
    assert term.reminder_sent_at is not None
    assert criteria.send_evaluation_reminders() == 0
    assert OutboxMessage.objects.filter(dedup_key__startswith=f"evaluation-due:{term.pk}:").count() == sent


def test_no_reminder_earlier_than_three_months(world):
    today = timezone.localdate()
    CoordinatorTerm.objects.create(
        person=world.people["aanjager"], starts_on=today - timedelta(days=300), ends_on=today + timedelta(days=120)
    )
    assert criteria.send_evaluation_reminders() == 0


def test_the_dashboard_says_when_the_evaluation_is_due(client, world):
    today = timezone.localdate()
    CoordinatorTerm.objects.create(
        person=world.people["aanjager"], starts_on=today - timedelta(days=600), ends_on=today + timedelta(days=130)
    )
    page = _client(client, world, "aanjager").get(reverse("regional_dashboard")).content.decode()
    assert "over 130 dagen" in page


def test_the_beat_schedule_runs_the_refresh_and_the_reminder(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "ijmond_participatie.tasks.refresh_rollups" in tasks
    assert "ijmond_participatie.tasks.send_evaluation_reminders" in tasks
