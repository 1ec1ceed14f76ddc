"""Dates in Dutch style: "29 okt. 2026"."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from infrastructure.templatetags.ijmond_dates import short_date


@pytest.mark.parametrize(
    ("value", "dutch", "english"),
    [
        (date(2026, 10, 29), "29 okt. 2026", "29 Oct 2026"),
        (date(2026, 5, 1), "1 mei 2026", "1 May 2026"),  # "mei" is not abbreviated
        (date(2026, 3, 9), "9 mrt. 2026", "9 Mar 2026"),
        # 23:30 UTC on 31 December is already New Year in Amsterdam.
        (datetime(2025, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC")), "1 jan. 2026", "1 Jan 2026"),
    ],
)
def test_short_date(value, dutch, english):
    with translation.override("nl"):
        assert short_date(value) == dutch
    with translation.override("en"):
        assert short_date(value) == english


def test_no_date_is_empty():
    assert short_date(None) == ""
