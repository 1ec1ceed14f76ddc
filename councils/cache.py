"""The public council pages' member lists are drawn once per version: any change to a council, a
membership or a person's name starts a new version (receivers in ``apps.py``), and the day is part of the
key (a term that starts or ends today changes who is listed)."""

from __future__ import annotations

from typing import Any

from infrastructure.cache_versions import current_version, start_new_version

VERSION_KEY = "councils:public-version"


def public_councils_version() -> str | None:
    """The current version, started when there is none; None without a working cache."""
    return current_version(VERSION_KEY)


def bump_public_councils_version(**_kwargs: Any) -> None:
    """A receiver for post_save and post_delete of councils, municipalities, regions and memberships."""
    start_new_version(VERSION_KEY)


def bump_on_person_name(*, update_fields: Any = None, **kwargs: Any) -> None:
    """A receiver for a person's post_save: a login (``update_fields={"last_login"}``) changes no name."""
    if update_fields is None or "full_name" in update_fields:
        bump_public_councils_version(**kwargs)
