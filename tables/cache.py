"""The version of the public table pages (``/tafels/`` and a table's page): any change to what they show
gives it a new value, so pages drawn from the cache under the old version are never shown again (never
stale, no TTL guesswork), like the public agenda's version (agenda.cache).

Bumped by model signals (``TablesConfig.ready``) for tables, their themes and wijken, seats (the counts
per stakeholder type and the members named), meetings, memberships (``listed_publicly``, terms), a
person's name, the names of councils, municipalities (a council's link), themes and wijken, and a table's
agenda item (its title and whether it is public). A write that bypasses the ORM (the large demo seed's
bulk rows, ``QuerySet.update``) bumps it itself. What changes with the clock (a meeting that ends, a term
that starts or ends at midnight) is handled by the drawn page's own expiry (``tables.views.public``).
Without a cache (Redis down: the cache fails open) there is no version and the page is drawn each time.
"""

from __future__ import annotations

from typing import Any

from infrastructure.cache_versions import current_version, start_new_version

VERSION_KEY = "tables:public-version"


def public_tables_version() -> str | None:
    """The current version, started when there is none; None without a working cache."""
    return current_version(VERSION_KEY)


def bump_public_tables_version(**_kwargs: Any) -> None:
    """A receiver for post_save, post_delete and m2m_changed: the public table pages changed."""
    start_new_version(VERSION_KEY)


def bump_on_person_name(*, update_fields: Any = None, **kwargs: Any) -> None:
    """A receiver for a person's post_save: only a save that may change the name shown (members named on a
    table's page) starts a new version; a login (``update_fields={"last_login"}``) does not."""
    if update_fields is None or "full_name" in update_fields:
        bump_public_tables_version(**kwargs)
