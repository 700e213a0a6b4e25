"""Caches that fail open: a cache that is down must never take a page down with it.

The cache holds only whole public pages (content/page_cache.py), an optimisation, so when
the cache server or table cannot be reached the site carries on as if the cache were
empty: reads miss and writes are dropped. (The consultation form's rate limit is counted
in the database, not here.) The failure is logged once when it starts and once when the
cache answers again, by each server process (each keeps its own cache connection), not
once per request.
"""

import logging
import threading

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency
    RedisError = OSError

CACHE_ERRORS = (RedisError, DatabaseError, OSError)


class _Incident:
    """Whether the cache is failing now, so each outage is logged once."""

    def __init__(self, name):
        self.name = name
        self.failing = False
        self.lock = threading.Lock()

    def failed(self, error):
        with self.lock:
            if self.failing:
                return
            self.failing = True
        logger.error(
            "The %s cache cannot be reached (%s); pages are served without it.",
            self.name,
            type(error).__name__,
        )

    def answered(self):
        if not self.failing:
            return
        with self.lock:
            if not self.failing:
                return
            self.failing = False
        logger.warning("The %s cache answers again.", self.name)


class FailOpenMixin:
    """Wraps every cache operation: on a connection or database error it logs the
    incident once and answers as an empty cache would."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.incident = _Incident(type(self).__name__)

    def _guard(self, operation, *args, fallback=None):
        try:
            result = operation(*args)
        except CACHE_ERRORS as error:
            self.incident.failed(error)
            return fallback
        self.incident.answered()
        return result

    def get(self, key, default=None, version=None):
        return self._guard(super().get, key, default, version, fallback=default)

    def get_many(self, keys, version=None):
        return self._guard(super().get_many, keys, version, fallback={})

    def has_key(self, key, version=None):
        return self._guard(super().has_key, key, version, fallback=False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set_many, data, timeout, version, fallback=list(data))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().add, key, value, timeout, version, fallback=False)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().touch, key, timeout, version, fallback=False)

    def incr(self, key, delta=1, version=None):
        try:
            result = super().incr(key, delta, version)
        except CACHE_ERRORS as error:
            self.incident.failed(error)
            # An empty cache has no counter to increase; callers handle ValueError.
            raise ValueError("The cache is unavailable.") from None
        self.incident.answered()
        return result

    def delete(self, key, version=None):
        return self._guard(super().delete, key, version, fallback=False)

    def delete_many(self, keys, version=None):
        return self._guard(super().delete_many, keys, version)

    def clear(self):
        return self._guard(super().clear)

    def check(self):
        """For /healthz: whether the cache answers a round trip right now."""
        try:
            super().set("healthz", "ok", 5)
            return super().get("healthz") == "ok"
        except CACHE_ERRORS:
            return False


class FailOpenRedisCache(FailOpenMixin, RedisCache):
    """Redis, shared by every server process (REDIS_URL)."""


class FailOpenDatabaseCache(FailOpenMixin, DatabaseCache):
    """A table in the site's database, shared by every server process: the default when
    no Redis is configured outside development."""
