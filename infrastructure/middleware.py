"""Request checks that must run before any view or middleware reads ``request.POST``."""

from __future__ import annotations

from collections.abc import Callable

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
