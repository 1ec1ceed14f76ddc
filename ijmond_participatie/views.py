"""Pages that span the apps: home, the privacy statement, the work dashboard and the error pages."""

from __future__ import annotations

import logging

import rules
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from advice.selectors_dashboard import advice_dashboard
from agenda.selectors.dashboard import agenda_dashboard
from councils.models import Council, Municipality, Region
from infrastructure.keyset import capped_count
from members.access import scope_for
from members.selectors import roles_overview
from signals.models import Signal
from signals.selectors import signal_periods
from tables.selectors_dashboard import tables_dashboard

logger = logging.getLogger(__name__)
# The work dashboard counts a member's open signals up to this many.
OPEN_SIGNAL_COUNT_CAP = 1000


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["municipalities"] = Municipality.objects.select_related("council").order_by("name")
        context["region"] = Region.objects.order_by("name").first()
        context["regional_council"] = Council.objects.regional().first()
        return context


class PrivacyView(TemplateView):
    template_name = "pages/privacy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The periods the statement names come from the settings that the retention jobs use.
        context["periods"] = signal_periods()
        return context


class WorkDashboardView(LoginRequiredMixin, TemplateView):
    template_name = "pages/work_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scope"] = scope_for(self.request.user)
        context["overview"] = roles_overview(self.request.user)
        context["councils"] = Council.objects.for_user(self.request.user).with_member_count().order_by("kind", "name")
        # Asked of the rules alone (a rules-only permission): a "no" must not cost the model backend's
        # permission queries.
        may_triage = bool(rules.has_perm("signals.triage_signals", self.request.user))
        context["may_triage"] = may_triage
        # Counted up to a cap (through the index of open signals): "meer dan 1.000" beyond it.
        context["open_signal_count"] = (
            capped_count(Signal.objects.for_user(self.request.user).open(), cap=OPEN_SIGNAL_COUNT_CAP)
            if may_triage
            else None
        )
        # Asked of the rules alone: a "no" must not cost the model backend's permission queries.
        context["may_receive_digest"] = rules.has_perm("signals.receive_digest", self.request.user)
        # What the agenda asks of the user: proposals and requests to answer, own items, own requests.
        context["agenda"] = agenda_dashboard(self.request.user)
        # What the tables ask: coming meetings, the tables the user organises, residents waiting to join.
        context["tables"] = tables_dashboard(self.request.user)
        # What advice asks: adoption by the chair, the college's overdue responses, responses to record.
        context["advice"] = advice_dashboard(self.request.user)
        context["regional_links"] = regional_links(self.request.user)
        return context


def regional_links(user) -> list[tuple[str, str]]:
    """The region's pages this user may open: the dashboard, support, self-evaluation, annual reports.
    Asked of the rules alone (no permission queries)."""
    scope = scope_for(user)
    candidates = [
        ("regional.view_dashboard", _("Regionaal dashboard"), reverse("regional_dashboard")),
        ("councils.view_support_requests", _("Ondersteuningsvragen"), reverse("councils:support_list")),
        ("councils.view_self_evaluations", _("Zelfevaluatie"), reverse("councils:self_evaluation_list")),
    ]
    links = [(label, url) for permission, label, url in candidates if rules.has_perm(permission, user)]
    if scope.council_ids or scope.reads_whole_region:
        links.append((_("Jaarverslagen"), reverse("annual_report_list")))
    if links:
        links.append((_("Goede voorbeelden uit de regio"), reverse("good_practice_list")))
    return links


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    # Never reads request.POST: the body that caused the 400 may be unreadable.
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors that might touch the failing database.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({"request": None}), status=500)
