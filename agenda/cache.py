"""The version of the public agenda: any change to what the public agenda shows gives it a new value, so
pages drawn from the cache under the old version are never shown again (never stale, no TTL guesswork).

Bumped by model signals (``AgendaConfig.ready``) for items, their themes, wijken and linked signals, and
for the names of councils, themes and wijken they show. A write that bypasses the ORM (the large demo
seed's bulk rows) bumps it itself, and so must a higher app whose objects an item page lists (tables and
advice, through ``public_outcomes``) when they change. Without a cache (Redis down: the cache fails open) there is no
version and the page is drawn each time.
"""

from __future__ import annotations

from typing import Any

from infrastructure.cache_versions import current_version, start_new_version

VERSION_KEY = "agenda:public-version"


def public_agenda_version() -> str | None:
    """The current version, started when there is none; None without a working cache."""
    return current_version(VERSION_KEY)


def bump_public_agenda_version(**_kwargs: Any) -> None:
    """A receiver for post_save, post_delete and m2m_changed: the public agenda changed."""
    start_new_version(VERSION_KEY)
