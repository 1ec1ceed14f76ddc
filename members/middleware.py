"""Session rules for staff roles: a short idle timeout, and MFA before work when required."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect

from .access import scope_for

# Paths where a staff user without an authenticator is sent to set one up first.
MFA_ENFORCED_PREFIXES = ("/werk/", "/beheer/", "/regio/dashboard/")


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and scope_for(user).has_staff_role:
            # Re-arming the expiry on every request makes it an idle timeout, not an absolute one.
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
            if settings.MFA_REQUIRED_FOR_STAFF and request.path.startswith(MFA_ENFORCED_PREFIXES):
                from allauth.mfa.utils import is_mfa_enabled

                if not is_mfa_enabled(user):
                    return redirect("mfa_activate_totp")
        return self.get_response(request)
