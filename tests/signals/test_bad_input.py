"""Odd ids in the triage queue (bulk actions, filters, detail pages): never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from infrastructure.ids import parse_id
from signals.models import Status

from .. import factories as f

pytestmark = pytest.mark.django_db

ODD_IDS = [
    "²",  # str.isdigit() says yes, int() says no
    "٣",  # an Arabic-Indic three: int() reads it as 3
    "１",  # a full-width one
    "9" * 5000,  # past Python's int() digit limit
    "9" * 25,  # past bigint
    str(2**63),
    "-1",
    "+1",
    " 1",
    "1_000",
    "0x1",
    "",
    "\x00",
]


@pytest.mark.parametrize("value", ODD_IDS)
def test_bulk_action_with_odd_ids_never_fails(client, world, value):
    signal = f.SignalFactory(municipality=world.velsen)
    client.force_login(world.people["lid_velsen"])
    response = client.post(reverse("signals:triage"), {"action": "in_behandeling", "signals": [value]})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == Status.NEW  # an odd id never reaches a real signal


def test_bulk_action_never_reads_unicode_digits_as_an_id(client, world):
    signal = f.SignalFactory(municipality=world.velsen)
    arabic_indic = "".join(chr(0x660 + int(digit)) for digit in str(signal.pk))  # int() reads it as the pk
    client.force_login(world.people["lid_velsen"])
    client.post(reverse("signals:triage"), {"action": "in_behandeling", "signals": [arabic_indic]})
    signal.refresh_from_db()
    assert signal.status == Status.NEW


def test_bulk_action_with_a_good_id_among_odd_ones_changes_only_that_one(client, world):
    signal = f.SignalFactory(municipality=world.velsen)
    client.force_login(world.people["lid_velsen"])
    client.post(reverse("signals:triage"), {"action": "in_behandeling", "signals": ["²", "9" * 5000, str(signal.pk)]})
    signal.refresh_from_db()
    assert signal.status == Status.IN_PROGRESS


@pytest.mark.parametrize("field", ["theme", "neighbourhood", "pagina", "na", "voor"])
@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "9" * 25])
def test_triage_filters_with_odd_ids_never_fail(client, world, field, value):
    f.SignalFactory(municipality=world.velsen)
    client.force_login(world.people["lid_velsen"])
    assert client.get(reverse("signals:triage"), {field: value}).status_code == 200


@pytest.mark.parametrize("path", ["/werk/signalen/{}/", "/werk/signalen/{}/dubbel/"])
def test_detail_pages_with_huge_ids_are_not_found(client, world, path):
    client.force_login(world.people["lid_velsen"])
    for value in ("9" * 25, "9" * 5000):
        url = path.format(value)
        response = client.get(url) if path.endswith("signalen/{}/") else client.post(url, {"original": "x"})
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("42", 42), (str(2**63 - 1), 2**63 - 1), *((odd, None) for odd in ODD_IDS)],
)
def test_parse_id_accepts_only_plain_ascii_ids_in_bigint_range(value, expected):
    assert parse_id(value) == expected
