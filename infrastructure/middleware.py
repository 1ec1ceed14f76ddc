"""Request checks that must run before any view or middleware reads ``request.POST``, and the
benchmark's Server-Timing header."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

FORM_CONTENT_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
# Bytes no text charset has to read cleanly: Django decodes form fields with errors="replace".
_PROBE = b"probe \xff\xfe\x00\x80%"


def charset_decodes_forms(charset: str) -> bool:
    """Whether Django can decode form fields in ``charset`` without raising.

    Python knows charsets that are no text encoding ("rot13", "base64": LookupError) or that refuse
    errors="replace" ("idna", "punycode", "undefined": UnicodeError). Django only drops charsets Python
    does not know at all, so these reached the multipart parser and ended as a 500.
    """
    try:
        _PROBE.decode(charset, "replace")
    except (LookupError, UnicodeError, TypeError, ValueError):
        return False
    return True


class FormEncodingMiddleware:
    """A form posted in a charset we cannot read is a 400 (the friendly ``400.html``), never a 500.

    Only the charset is checked here; the body is left alone, so views and upload handlers read it as
    usual. Django itself answers 400 for a url-encoded form in another charset than UTF-8.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # request.encoding is set only for a charset Python knows; an unknown one falls back to UTF-8.
        if (
            request.method == "POST"
            and request.content_type in FORM_CONTENT_TYPES
            and request.encoding
            and not charset_decodes_forms(request.encoding)
        ):
            # Answered here rather than raised: with DEBUG on, Django's technical error page would read
            # request.POST itself and fail again with a 500.
            return render(request, "400.html", status=400)
        return self.get_response(request)


class _QueryCounter:
    """An ``execute_wrapper``: counts the SQL statements of a request and the time they take."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


class ServerTimingMiddleware:
    """Reports each response's server time and SQL queries in a ``Server-Timing`` header, e.g.
    ``app;dur=12.31, db;dur=3.02, queries;desc="7"``, for the benchmark (``bench/run.py``).

    Installed first in MIDDLEWARE (so the time covers every other middleware) only with
    ``BENCH_INSTRUMENT=1`` outside production: the header tells anyone how hard a page works the database.
    Queries made while a streaming response is sent are not counted.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        counter = _QueryCounter()
        started = time.perf_counter()
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        took = time.perf_counter() - started
        response.headers["Server-Timing"] = (
            f'app;dur={took * 1000:.2f}, db;dur={counter.seconds * 1000:.2f}, queries;desc="{counter.count}"'
        )
        return response
