"""The cache backend: Django's Redis cache that keeps the portal up when Redis is not.

In production the cache and the Celery broker are the same Redis. The navigation, django-ratelimit
and allauth's rate limits read the cache on every page or form, so an unreachable Redis would turn
every request into a 500 (refused) or a long wait (hung). This backend uses short socket timeouts,
never retries inside a request, and on a connection or timeout error answers as if the cache were
empty and opens a per-process circuit breaker (``infrastructure.breaker``) for
``REDIS_BREAKER_SECONDS``.

Answers while Redis is unavailable fail *open*: ``get`` gives the default, ``set`` stores nothing,
``add`` and ``incr`` report success. Rate limits (django-ratelimit and allauth, whose lock is a
``cache.add``) therefore let everyone through for that window instead of locking everyone out, and
allauth's TOTP replay check (also a ``cache.add``) cannot refuse a code then: staff can still log in.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.retry import Retry

from .breaker import CircuitBreaker

# What an unreachable or hung Redis raises (redis-py wraps most socket errors; OSError for the rest).
REDIS_ERRORS: tuple[type[BaseException], ...] = (redis.ConnectionError, redis.TimeoutError, OSError)

T = TypeVar("T")

_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def _without_password(location: str) -> str:
    parts = urlsplit(location)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}" if parts.hostname else location


def breaker_for(location: str) -> CircuitBreaker:
    """One breaker per Redis location and process (Django makes a cache object per thread)."""
    with _breakers_lock:
        if location not in _breakers:
            _breakers[location] = CircuitBreaker(
                f"Redis cache at {_without_password(location)}",
                consequence="pages are served without the cache and rate limits are NOT enforced",
            )
        return _breakers[location]


class ResilientRedisCache(RedisCache):
    # Set by RedisCache itself; django-stubs does not declare these private attributes.
    _servers: list[str]
    _options: dict[str, Any]
    _cache: RedisCacheClient

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        timeout = float(settings.REDIS_SOCKET_TIMEOUT)
        self._options = {
            "socket_connect_timeout": timeout,
            "socket_timeout": timeout,
            # redis-py would retry inside the request; the breaker decides when to try again instead.
            "retry": Retry(NoBackoff(), 0),
            **self._options,
        }
        self.breaker = breaker_for(";".join(self._servers))

    def _call(self, method: str, fallback: T, *args: Any) -> T:
        if not self.breaker.allow():
            return fallback
        try:
            result: T = getattr(super(), method)(*args)
        except REDIS_ERRORS as error:
            self.breaker.record_failure(error)
            return fallback
        self.breaker.record_success()
        return result

    def ping(self) -> bool:
        """Ask Redis itself, even while the breaker is open (for /health/); updates the breaker."""
        try:
            self._cache.get_client(write=True).ping()
        except REDIS_ERRORS as error:
            self.breaker.record_failure(error)
            return False
        self.breaker.record_success()
        return True

    def add(self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._call("add", True, key, value, timeout, version)

    def get(self, key: Any, default: Any | None = None, version: int | None = None) -> Any:
        return self._call("get", default, key, default, version)

    def set(self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._call("set", None, key, value, timeout, version)

    def touch(self, key: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._call("touch", False, key, timeout, version)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._call("delete", False, key, version)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[str, Any]:
        return self._call("get_many", {}, keys, version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._call("has_key", False, key, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # As if the counter had just started: a fail-open answer for rate counters.
        return self._call("incr", delta, key, delta, version)

    def set_many(
        self, data: dict[Any, Any], timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[str]:
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._call("delete_many", None, keys, version)

    # Django's RedisCache answers whether Redis flushed; BaseCache's stub says None.
    def clear(self) -> bool:  # type: ignore[override]
        return self._call("clear", False)
