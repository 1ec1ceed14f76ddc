"""Versions of drawn pages: a cache key holds a random version; a page drawn from the cache is keyed by
it, and any change to what the page shows starts a new version, so a drawn page is never shown stale (no
TTL guesswork). The agenda, the tables and advice each keep one (``<app>/cache.py``), bumped by model
signals. Without a working cache there is no version and pages are drawn each time."""

from __future__ import annotations

import uuid

from django.core.cache import cache

# A version is kept a day without changes; when it expires a new one starts (all drawn pages are dropped).
VERSION_SECONDS = 24 * 60 * 60


def current_version(key: str) -> str | None:
    """The version under ``key``, started when there is none; None without a working cache."""
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, VERSION_SECONDS)
        version = cache.get(key)
    return version if isinstance(version, str) else None


def start_new_version(key: str) -> None:
    """What the pages under ``key`` show changed: pages drawn under the old version are not used again."""
    cache.set(key, uuid.uuid4().hex, VERSION_SECONDS)


def start_missing_versions(keys: list[str]) -> None:
    """Start a version under each key that has none (``cache.add``: a version set meanwhile is kept)."""
    for key in keys:
        cache.add(key, uuid.uuid4().hex, VERSION_SECONDS)
