"""The version of the public agenda: any change to what the public agenda shows gives it a new value, so
pages drawn from the cache under the old version are never shown again (never stale, no TTL guesswork).

Bumped by model signals (``AgendaConfig.ready``) for items, their themes, wijken and linked signals, and
for the names of councils, themes and wijken they show. A write that bypasses the ORM (the large demo
seed's bulk rows) bumps it itself, and so must a higher app whose objects an item page lists (tables and
advice, through ``public_outcomes``) when they change. Without a cache (Redis down: the cache fails open) there is no
version and the page is drawn each time.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import cache

VERSION_KEY = "agenda:public-version"
# A version is kept a day without changes; when it expires a new one starts (all drawn pages are dropped).
VERSION_SECONDS = 24 * 60 * 60


def public_agenda_version() -> str | None:
    """The current version, started when there is none; None without a working cache."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, VERSION_SECONDS)
        version = cache.get(VERSION_KEY)
    return version if isinstance(version, str) else None


def bump_public_agenda_version(**_kwargs: Any) -> None:
    """A receiver for post_save, post_delete and m2m_changed: the public agenda changed."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, VERSION_SECONDS)
