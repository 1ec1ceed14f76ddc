"""A per-process circuit breaker for Redis (the cache and the Celery broker).

When Redis is refused or hangs, the first call pays one short socket timeout; the breaker then opens
for ``REDIS_BREAKER_SECONDS`` and the following calls skip Redis at once, so a hung Redis costs one
request a fraction of a second instead of every request a timeout. After the window one call tries
again while the others keep skipping; its answer closes the breaker or opens it for another window.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings

logger = logging.getLogger(__name__)

_all_breakers: list[CircuitBreaker] = []


class CircuitBreaker:
    """Thread-safe; one per service and process. Logs one WARNING per outage, not per request."""

    def __init__(self, name: str, *, consequence: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.name = name
        # What the portal does without the service, for the log line an operator reads.
        self.consequence = consequence
        self._clock = clock
        self._lock = threading.Lock()
        self._open_until: float | None = None
        _all_breakers.append(self)

    @property
    def window(self) -> float:
        return float(settings.REDIS_BREAKER_SECONDS)

    @property
    def is_open(self) -> bool:
        return self._open_until is not None

    def allow(self) -> bool:
        """May the caller try the service now?"""
        if self._open_until is None:
            return True
        with self._lock:
            now = self._clock()
            if self._open_until is None:
                return True
            if now < self._open_until:
                return False
            # One trial call after the window; the others keep skipping until it has answered.
            self._open_until = now + self.window
            return True

    def record_failure(self, error: BaseException) -> None:
        with self._lock:
            first = self._open_until is None
            self._open_until = self._clock() + self.window
        if first:
            logger.warning(
                "%s unavailable (%s: %s); %s. Trying again every %g s.",
                self.name,
                type(error).__name__,
                error,
                self.consequence,
                self.window,
            )

    def record_success(self) -> None:
        if self._open_until is None:
            return
        with self._lock:
            was_open, self._open_until = self._open_until is not None, None
        if was_open:
            logger.info("%s available again.", self.name)

    def reset(self) -> None:
        """Close without logging (between tests)."""
        with self._lock:
            self._open_until = None


def reset_all() -> None:
    """Close every breaker of this process (between tests)."""
    for breaker in _all_breakers:
        breaker.reset()
