"""Pages that span the apps: home, health, the work dashboard and the error pages."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import caches
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

from .cache import ResilientRedisCache
from .celery import ping_broker

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


def _cache_state() -> str:
    # Asks Redis itself, past the breaker, so the answer is now and not "failed some seconds ago";
    # each probe waits at most REDIS_SOCKET_TIMEOUT. The breakers log the outage, not this view.
    backend = caches["default"]
    if isinstance(backend, ResilientRedisCache):
        return "ok" if backend.ping() else "error"
    try:
        backend.set("health:probe", 1, 10)
        return "ok" if backend.get("health:probe") == 1 else "error"
    except Exception as exc:  # noqa: BLE001 - any failure means "unavailable"
        logger.warning("Health check: cache unavailable: %s", exc)
        return "error"


def _broker_state() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    return "ok" if ping_broker() else "error"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Health for load balancers: 503 when the database is down.

    A cache or broker outage (in production the same Redis) is reported but stays 200: the portal
    keeps working without the cache, rate limits fail open, and mail waits in the outbox.
    """
    db_ok, db_state = _database_ok()
    cache_state, broker = _cache_state(), _broker_state()
    healthy = db_ok and cache_state == "ok" and broker in {"ok", "eager"}
    status = "ok" if healthy else ("degraded" if db_ok else "error")
    return JsonResponse(
        {"status": status, "database": db_state, "cache": cache_state, "broker": broker},
        status=200 if db_ok else 503,
    )


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
