"""Where higher layers add blocks to the councils' public pages without this app importing them.

The project package registers, in its ``AppConfig.ready``, what the region page (``/regio/``) and a
council's public page (``/gemeente/<slug>/``, and ``/regio/`` for the regional council) show besides the
council itself: good practice across the municipalities, the adopted annual reports. Councils only know
these small shapes and render them the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Council, Region


@dataclass(frozen=True)
class SectionItem:
    """One line of a block: a link, and optionally a line of detail under it."""

    label: str
    url: str
    meta: str = ""
    text: str = ""


@dataclass(frozen=True)
class PageSection:
    """A block on a public council page: a heading, a short introduction, items and a link to the rest."""

    heading: str
    items: list[SectionItem] = field(default_factory=list)
    intro: str = ""
    more_url: str = ""
    more_label: str = ""
    empty: str = ""  # shown when there are no items ("" leaves the list out)
    # The anchor of the heading, for aria-labelledby and links to the block.
    slug: str = ""


RegionSectionProvider = Callable[["Region"], "PageSection | None"]
CouncilSectionProvider = Callable[["Council"], "PageSection | None"]

_region_section_providers: list[RegionSectionProvider] = []
_council_section_providers: list[CouncilSectionProvider] = []


def register_region_section(provider: RegionSectionProvider) -> None:
    if provider not in _region_section_providers:
        _region_section_providers.append(provider)


def register_council_section(provider: CouncilSectionProvider) -> None:
    if provider not in _council_section_providers:
        _council_section_providers.append(provider)


def region_sections(region: Region) -> list[PageSection]:
    """The other layers' blocks for the region page; a provider returns None when it has nothing to show."""
    return [section for provider in _region_section_providers if (section := provider(region)) is not None]


def council_sections(council: Council | None) -> list[PageSection]:
    """The other layers' blocks for a council's public page (none without a council)."""
    if council is None:
        return []
    return [section for provider in _council_section_providers if (section := provider(council)) is not None]
