"""The blocks the regional pieces add to the councils' public pages (``councils.extensions``): good practice
on the region page and on each council's page, and a council's adopted annual reports. Registered in
``IjmondParticipatieConfig.ready``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from advice.cache import VERSION_KEY as ADVICE_VERSION_KEY
from councils.extensions import PageSection, SectionItem, register_council_section, register_region_section
from councils.models import Council, Region
from infrastructure.cache_versions import current_version, start_new_version
from tables.cache import VERSION_KEY as TABLES_VERSION_KEY

from ..models import AnnualReport, AnnualReportStatus, GoodPractice
from .services import good_practice_public

LISTED = 5
# The blocks are drawn once per version of what they show (good practice and reports; advice and tables,
# whose public visibility decides what is listed) and a day at most (date-bound publication).
PUBLIC_VERSION_KEY = "regional:public-version"
KEPT_SECONDS = 24 * 60 * 60


def bump_public_regional_version(**_kwargs: Any) -> None:
    """A receiver for post_save and post_delete of good practice and annual reports."""
    start_new_version(PUBLIC_VERSION_KEY)


def public_versions() -> list[str] | None:
    """The versions the public regional blocks and lists depend on, read in one round trip (a missing one
    is started); None without a working cache."""
    keys = [PUBLIC_VERSION_KEY, ADVICE_VERSION_KEY, TABLES_VERSION_KEY]
    found = cache.get_many(keys)
    versions = [found.get(key) or current_version(key) for key in keys]
    if any(not isinstance(version, str) for version in versions):
        return None
    return [str(version) for version in versions]


def _kept(name: str, build: Callable[[], PageSection | None]) -> PageSection | None:
    versions = public_versions()
    if versions is None:
        return build()
    key = f"regional-block:{name}:{':'.join(versions)}:{get_language()}:{timezone.localdate()}"
    kept = cache.get(key)
    if isinstance(kept, PageSection) or kept == "none":
        return kept if isinstance(kept, PageSection) else None
    section = build()
    cache.set(key, section if section is not None else "none", KEPT_SECONDS)
    return section


def _practice_item(practice: GoodPractice, *, with_council: bool) -> SectionItem:
    if practice.table is not None:
        label, url, kind = practice.table.title, practice.table.get_public_url(), _("Participatietafel")
    elif practice.advice is not None:
        label = f"{practice.advice.number}: {practice.advice.subject}"
        url, kind = practice.advice.get_public_url(), _("Advies aan het college")
    else:  # the constraint good_practice_table_or_advice rules this out
        raise ValueError(f"Good practice {practice.pk} has neither a table nor an advice")
    meta = f"{kind} · {practice.council.name}" if with_council else kind
    return SectionItem(label=label, url=url, meta=meta, text=Truncator(practice.lesson).chars(300))


def region_good_practice(region: Region) -> PageSection:
    practices = list(good_practice_public().filter(council__region=region)[:LISTED])
    return PageSection(
        heading=_("Goede voorbeelden uit de regio"),
        slug="goede-voorbeelden",
        intro=_("De raden leren van elkaar: tafels en adviezen die goed werkten, en wat anderen ervan kunnen leren."),
        items=[_practice_item(practice, with_council=True) for practice in practices],
        empty=_("Er zijn nog geen goede voorbeelden gedeeld."),
        more_url=reverse("good_practice_list"),
        more_label=_("Alle goede voorbeelden"),
    )


def council_good_practice(council: Council) -> PageSection | None:
    practices = list(good_practice_public().filter(council=council)[:LISTED])
    if not practices:
        return None
    return PageSection(
        heading=_("Goede voorbeelden van deze raad"),
        slug=f"goede-voorbeelden-{council.slug}",
        items=[_practice_item(practice, with_council=False) for practice in practices],
        more_url=f"{reverse('good_practice_list')}?raad={council.slug}",
        more_label=_("Alle goede voorbeelden van deze raad"),
    )


def council_annual_reports(council: Council) -> PageSection | None:
    reports = list(
        AnnualReport.objects.filter(council=council, status=AnnualReportStatus.ADOPTED)
        .only("council_id", "year", "adopted_on")
        .order_by("-year")
    )
    if not reports:
        return None
    return PageSection(
        heading=_("Jaarverslagen"),
        slug=f"jaarverslagen-{council.slug}",
        intro=_("Wat de raad elk jaar deed: de cijfers, de adviezen en de reactie van het college, de tafels."),
        items=[
            SectionItem(
                label=_("Jaarverslag %(year)s (pdf)") % {"year": report.year},
                url=reverse("annual_report_public", kwargs={"council": council.slug, "year": report.year}),
                meta=_("vastgesteld op %(date)s") % {"date": date_format(report.adopted_on, "j F Y")}
                if report.adopted_on
                else "",
            )
            for report in reports
        ],
    )


def kept_region_good_practice(region: Region) -> PageSection | None:
    return _kept(f"region-practice-{region.pk}", lambda: region_good_practice(region))


def kept_council_annual_reports(council: Council) -> PageSection | None:
    return _kept(f"council-reports-{council.pk}", lambda: council_annual_reports(council))


def kept_council_good_practice(council: Council) -> PageSection | None:
    return _kept(f"council-practice-{council.pk}", lambda: council_good_practice(council))


def register() -> None:
    register_region_section(kept_region_good_practice)
    register_council_section(kept_council_annual_reports)
    register_council_section(kept_council_good_practice)
    for model in (GoodPractice, AnnualReport):
        post_save.connect(bump_public_regional_version, sender=model, dispatch_uid=f"regional-public-{model.__name__}")
        post_delete.connect(
            bump_public_regional_version, sender=model, dispatch_uid=f"regional-public-del-{model.__name__}"
        )
