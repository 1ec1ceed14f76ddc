"""Whose request is this? The client address that every rate limit counts against.

Behind the documented proxy (README, "Deploying with Docker Compose") ``REMOTE_ADDR`` is the proxy,
so all residents would share one bucket. Each trusted proxy *appends* the address it received the
connection from to ``X-Forwarded-For``; whatever the client wrote there itself stays on the left. With
``TRUSTED_PROXY_COUNT = N`` the N-th entry from the right is therefore the address our outermost
trusted proxy saw, and nothing a client sends can change it. Used by django-ratelimit
(``RATELIMIT_IP_META_KEY``) and allauth (``adapters.AccountAdapter``).
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)

# A request without any usable address (a misconfigured socket) still gets a bucket, never a 500.
UNKNOWN_CLIENT = "0.0.0.0"  # noqa: S104 - a bucket name, not an address we bind to


def parse_ip(value: str) -> str | None:
    """A valid address in its canonical form, or None. Accepts ``1.2.3.4:5678`` and ``[::1]:5678``."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def client_ip(request: HttpRequest) -> str:
    """The client's address: the N-th ``X-Forwarded-For`` entry from the right, else ``REMOTE_ADDR``.

    A missing, too short or unparsable header falls back to ``REMOTE_ADDR`` (the proxy's address: one
    shared bucket, never a fresh one per request).
    """
    remote = parse_ip(request.META.get("REMOTE_ADDR") or "") or UNKNOWN_CLIENT
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    # Only the last N entries matter; whatever a client padded on the left is never looked at.
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", proxies)
    if len(entries) < proxies:
        return remote
    return parse_ip(entries[-proxies]) or remote
