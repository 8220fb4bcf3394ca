"""Fixtures of the site-wide tests of the page cache, some putting it through faults."""

import pytest
from django.core.cache import cache

from tests.support.fault_servers import PrivateRedis, SilentServer

TIMEOUT = 0.2


@pytest.fixture
def page_cache_on(settings):
    """The page cache on, and empty before and after the test."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def use_redis(settings):
    """use_redis(url, pause_seconds): the site's cache is the Redis at `url`, page cache on."""

    def configure(url, pause_seconds=30):
        settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
        settings.CACHES = {
            "default": {
                "BACKEND": "newsroom.cache.ResilientRedisCache",
                "LOCATION": url,
                "OPTIONS": {
                    "IGNORE_EXCEPTIONS": True,
                    "SOCKET_CONNECT_TIMEOUT": TIMEOUT,
                    "SOCKET_TIMEOUT": TIMEOUT,
                    "PAUSE_SECONDS": pause_seconds,
                },
            }
        }

    return configure


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture
def private_redis(tmp_path):
    redis = PrivateRedis(tmp_path)
    yield redis
    redis.close()
