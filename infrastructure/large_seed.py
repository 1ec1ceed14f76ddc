"""What every app's large seed (``<app>/demo.py``, ``seed_large``) shares: it is for the benchmark's
PostgreSQL database (COPY, bulk inserts) and refuses any other."""

from __future__ import annotations

from django.db import connection


class LargeSeedUnsupportedError(RuntimeError):
    """The large seed is for the benchmark's PostgreSQL database."""


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise LargeSeedUnsupportedError("The large seed needs PostgreSQL; this database is " + connection.vendor)
