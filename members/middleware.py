"""Session rules for staff roles, and no caching of private pages.

Every path check reads ``request.path_info`` (the path inside the portal): ``request.path`` carries the
script prefix when the portal is mounted under one (``SCRIPT_NAME``), and a prefix must never let a
request past the MFA gate.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from .access import scope_for

# Paths where a staff user without an authenticator is sent to set one up first.
MFA_ENFORCED_PREFIXES = ("/werk/", "/beheer/", "/regio/dashboard/")
# Pages with personal data or account secrets: never kept by a browser or a shared proxy, so the back
# button on a library PC shows nothing of the person before.
NO_STORE_PREFIXES = ("/werk/", "/beheer/", "/regio/dashboard/", "/accounts/")


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and scope_for(user).has_staff_role:
            # Re-arming the expiry on every request makes it an idle timeout, not an absolute one.
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
            if (
                settings.MFA_REQUIRED_FOR_STAFF
                and request.path_info.startswith(MFA_ENFORCED_PREFIXES)
                and not is_mfa_enabled(user)
            ):
                return redirect("mfa_activate_totp")
        return self.get_response(request)


class PrivatePagesNoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(NO_STORE_PREFIXES):
            add_never_cache_headers(response)
        return response
