"""The public pages that show advice (the archive, an agenda item's page) are drawn from caches that keep
a version: a change to an advice, its recommendations or its response starts a new version of each, so a
page drawn under the old version is never shown again. The archive is a date-bound list (publication
dates, confidentiality that ends by itself): a beat task starts a new version just after midnight."""

from __future__ import annotations

from typing import Any

from agenda.cache import bump_public_agenda_version
from infrastructure.cache_versions import current_version, start_new_version

VERSION_KEY = "advice:public-version"


def public_advice_version() -> str | None:
    """The current version, started when there is none; None without a working cache."""
    return current_version(VERSION_KEY)


def bump_public_advice_version(**_kwargs: Any) -> None:
    """A receiver for post_save, post_delete and m2m_changed; also bumps the public agenda (an item's
    page lists its advice)."""
    start_new_version(VERSION_KEY)
    bump_public_agenda_version()
