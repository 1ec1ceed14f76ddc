"""Error pages and error logging that behave the same in development and production.

With ``DEBUG`` on, Django answers a 404 with its technical page, which lists every URL pattern. A new
user trying the portal in development should see the portal's own page instead; a developer who wants
the list sets ``DEBUG_404_PAGE=1``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import get_resolver, get_urlconf


def _not_found_page(request: HttpRequest, exception: Exception | None) -> HttpResponse:
    # The project's handler404, found the way Django finds it without DEBUG.
    # django-stubs types every error handler as (request) only; handler404 also takes the exception.
    handler = cast(
        Callable[[HttpRequest, Exception | None], HttpResponse], get_resolver(get_urlconf()).resolve_error_handler(404)
    )
    return handler(request, exception)


class NotFoundPageMiddleware:
    """In development (``DEBUG`` without ``DEBUG_404_PAGE``) a 404 renders the portal's 404 page.

    Two ways a 404 arises: a view raises ``Http404`` (``process_exception`` answers it before Django
    turns it into the technical page), or no URL pattern matches (Django has already answered with the
    technical page, recognisable by the missing ``resolver_match``). Pages that answer 404 themselves
    (a tracking code that does not exist) are left alone. Without DEBUG this middleware does nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @staticmethod
    def _active() -> bool:
        return settings.DEBUG and not getattr(settings, "DEBUG_404_PAGE", False)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self._active() and response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            return _not_found_page(request, None)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if self._active() and isinstance(exception, Http404):
            return _not_found_page(request, exception)
        return None


class SkipNotFoundAndForbidden(logging.Filter):
    """Drops django.request's records of 404 and 403 answers.

    Each request is already on the console once, in the access log (runserver's django.server in
    development, gunicorn's --access-logfile in production). A 403 would otherwise add a full traceback
    of the PermissionDenied that produced it, although nothing went wrong.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) not in (403, 404)
