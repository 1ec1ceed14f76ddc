"""One marker for tests that need PostgreSQL (COPY, concurrent row locks): skipped on a workstation's SQLite,
never in CI, which runs PostgreSQL; a CI run without it fails here instead of skipping quietly."""

from __future__ import annotations

import os

import pytest
from django.db import connection


def needs_postgresql(why: str) -> pytest.MarkDecorator:
    if os.environ.get("CI") and connection.vendor != "postgresql":
        pytest.fail(f"CI must run these tests on PostgreSQL ({why})", pytrace=False)
    return pytest.mark.skipif(
        connection.vendor != "postgresql", reason=f"{why}; set DATABASE_URL=postgres://… (CI does)"
    )
