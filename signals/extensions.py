"""Where higher apps plug into signal pages and mails without the signals app importing them.

The agenda app (above signals in the house) registers, in its ``AppConfig.ready``, the actions it adds to
a signal's triage page and the sections it adds to the members' daily digest. Signals only knows these
small shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from members.models import User

    from .models import Signal


@dataclass(frozen=True)
class TriageAction:
    """A link on a signal's triage page to a form of another app (e.g. "Op de agenda zetten")."""

    label: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class DigestSection:
    """A block in a member's daily digest: a heading, lines of text and a link to the list behind them."""

    heading: str
    lines: list[str] = field(default_factory=list)
    url: str = ""
    not_listed: int = 0


TriageActionProvider = Callable[["User", "Signal"], list[TriageAction]]
DigestSectionProvider = Callable[["User", datetime, datetime], "DigestSection | None"]

_triage_action_providers: list[TriageActionProvider] = []
_digest_section_providers: list[DigestSectionProvider] = []
# Cache keys under which higher apps keep the version of what a signal's public outcomes show (their
# public agenda items, tables, advice): any change there starts a new version.
_outcome_version_keys: list[str] = []


def register_triage_actions(provider: TriageActionProvider) -> None:
    if provider not in _triage_action_providers:
        _triage_action_providers.append(provider)


def register_digest_section(provider: DigestSectionProvider) -> None:
    if provider not in _digest_section_providers:
        _digest_section_providers.append(provider)


def register_outcome_version_key(key: str) -> None:
    """A higher app whose objects are a signal's public outcomes names the cache key of its version."""
    if key not in _outcome_version_keys:
        _outcome_version_keys.append(key)


def outcome_version_keys() -> list[str]:
    return list(_outcome_version_keys)


def triage_actions(user: User, signal: Signal) -> list[TriageAction]:
    """The other apps' actions on this signal for this user (each provider checks permissions)."""
    actions: list[TriageAction] = []
    for provider in _triage_action_providers:
        actions.extend(provider(user, signal))
    return actions


def digest_sections(member: User, since: datetime, until: datetime) -> list[DigestSection]:
    """The other apps' blocks for ``member``'s digest of [since, until); empty blocks are left out."""
    sections = []
    for provider in _digest_section_providers:
        section = provider(member, since, until)
        if section is not None and section.lines:
            sections.append(section)
    return sections
