"""The shared cache: django-redis, with short socket timeouts and a circuit breaker.

A cache outage must make pages slower, never stall them: a Redis that hangs (paused, stopped,
a network black hole) would otherwise hold every request until the operating system gives up.
After one failed command the process skips Redis for `PAUSE_SECONDS` and serves uncached; then
one command tries again. Failures are ignored by django-redis (IGNORE_EXCEPTIONS), so a read
answers "missing" and a write does nothing.
"""

import functools
import threading
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

DEFAULT_PAUSE_SECONDS = 30.0


class CircuitBreaker:
    """Open (skip the cache) for `pause_seconds` after a failure, closed otherwise."""

    def __init__(self, pause_seconds):
        self.pause_seconds = pause_seconds
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self):
        return time.monotonic() < self._open_until

    def trip(self):
        with self._lock:
            self._open_until = time.monotonic() + self.pause_seconds


class GuardedClient:
    """A django-redis client whose every command is refused at once while the breaker is open,
    and trips the breaker when it fails."""

    def __init__(self, client, breaker):
        self._client = client
        self._breaker = breaker

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute
        breaker = self._breaker

        @functools.wraps(attribute)
        def guarded(*args, **kwargs):
            if breaker.is_open:
                raise ConnectionInterrupted(connection=None)
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted:
                breaker.trip()
                raise

        return guarded


class ResilientRedisCache(RedisCache):
    """settings.CACHES backend: OPTIONS["PAUSE_SECONDS"] sets how long a failure skips Redis."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        pause_seconds = float(options.pop("PAUSE_SECONDS", DEFAULT_PAUSE_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = CircuitBreaker(pause_seconds)
        self._guarded = None

    @property
    def client(self):
        if self._guarded is None:
            self._guarded = GuardedClient(super().client, self.breaker)
        return self._guarded
