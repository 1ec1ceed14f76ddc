"""Pages that span the apps: home, health, the work dashboard and the error pages."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from councils.models import Council, Municipality, Region
from members.access import scope_for
from members.selectors import roles_overview
from signals.models import Signal

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["municipalities"] = Municipality.objects.select_related("council").order_by("name")
        context["region"] = Region.objects.order_by("name").first()
        context["regional_council"] = Council.objects.regional().first()
        return context


class WorkDashboardView(LoginRequiredMixin, TemplateView):
    template_name = "pages/work_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scope"] = scope_for(self.request.user)
        context["overview"] = roles_overview(self.request.user)
        context["councils"] = Council.objects.for_user(self.request.user).with_member_count().order_by("kind", "name")
        context["open_signal_count"] = (
            Signal.objects.for_user(self.request.user).open().count()
            if self.request.user.has_perm("signals.triage_signals")
            else None
        )
        return context


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down" for the load balancer
        logger.warning("Health check: database unavailable: %s", exc)
        return False, "error"
    return True, "ok"


def _broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    from .celery import BROKER_TIMEOUT_SECONDS, app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001
        logger.warning("Health check: broker unavailable: %s", exc)
        return "error"
    return "ok"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Health for load balancers: 503 when the database is down.

    A broker outage is reported but stays 200: the portal keeps working and mail waits in the outbox.
    """
    db_ok, db_state = _database_ok()
    broker = _broker_state()
    status = "ok" if db_ok and broker in {"ok", "eager"} else ("degraded" if db_ok else "error")
    return JsonResponse(
        {"status": status, "database": db_state, "broker": broker},
        status=200 if db_ok else 503,
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors that might touch the failing database.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({"request": None}), status=500)
