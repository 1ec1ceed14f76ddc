from __future__ import annotations

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views.generic import TemplateView

from infrastructure.access import get_object_for_user
from members.models import Membership
from members.selectors import public_members

from . import cache as page_cache
from .extensions import council_sections, region_sections
from .models import Council, Municipality, Region

# A drawn member list is kept a day at most (the day is in its key anyway).
MEMBERS_SECONDS = 24 * 60 * 60


def drawn_members(council: Council | None) -> SafeString:
    """The council's public member list, drawn once per version of the councils and per day."""
    version = page_cache.public_councils_version()
    key = None
    if version is not None:
        key = f"councils:members:{version}:{council.pk if council else 0}:{get_language()}:{timezone.localdate()}"
        drawn = cache.get(key)
        if isinstance(drawn, str):
            return mark_safe(drawn)  # noqa: S308 - our own template's output, escaped when it was drawn
    drawn = render_to_string("includes/member_list.html", {"members": public_members(council)})
    if key is not None:
        cache.set(key, drawn, MEMBERS_SECONDS)
    return mark_safe(drawn)  # noqa: S308 - our own template's output, escaped when it was drawn


class MunicipalityDetailView(TemplateView):
    template_name = "councils/municipality_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        municipality = get_object_or_404(Municipality.objects.select_related("region"), slug=self.kwargs["slug"])
        council = Council.objects.filter(municipality=municipality).first()
        context.update(
            municipality=municipality,
            council=council,
            neighbourhoods=municipality.neighbourhoods.order_by("name"),
            members=drawn_members(council),
            # Through the reverse relation: councils sits below signals and does not import it.
            recent_answers=municipality.signals.recent_answers(),
            # Blocks of the layers above (adopted annual reports, good practice): councils.extensions.
            extra_sections=council_sections(council),
        )
        return context


class RegionDetailView(TemplateView):
    template_name = "councils/region_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = Region.objects.order_by("name").first()
        if region is None:
            raise Http404
        council = Council.objects.regional().filter(region=region).first()
        context.update(
            region=region,
            council=council,
            municipalities=region.municipalities.order_by("name"),
            members=drawn_members(council),
            # Blocks of the layers above (good practice across the region; the regional council's annual
            # reports): councils.extensions.
            extra_sections=[*region_sections(region), *council_sections(council)],
        )
        return context


class CouncilWorkView(LoginRequiredMixin, TemplateView):
    """The council's non-public page: members with terms and contact details."""

    template_name = "councils/council_work.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        council = get_object_for_user(
            self.request.user,
            Council.objects.select_related("municipality", "region"),
            perm="councils.view_council_work",
            slug=self.kwargs["slug"],
        )
        memberships = Membership.objects.for_council(council).order_by("-term_start", "person__full_name")
        context.update(
            council=council,
            active_memberships=[m for m in memberships if m.is_active()],
            past_memberships=[m for m in memberships if not m.is_active()],
            min_members=settings.COUNCIL_MIN_MEMBERS,
        )
        return context
