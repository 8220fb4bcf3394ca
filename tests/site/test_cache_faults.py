"""A failing cache makes pages slower, never stalls or breaks them: Redis commands time out
quickly, and after a failure each process skips Redis for a while (newsroom/cache.py)."""

import time

import pytest
from django.core.cache import cache

from tests.support.factories import ArticleFactory
from tests.support.fault_servers import free_port

pytestmark = pytest.mark.django_db

# Generous: what is checked is that nothing waits for the dead cache, not how fast pages are.
NOT_STALLED_SECONDS = 5


def pages_served(client, urls, times=1):
    started = time.monotonic()
    statuses = [client.get(url).status_code for url in urls * times]
    return statuses, time.monotonic() - started


def test_a_cache_that_never_answers_costs_one_timeout_then_is_skipped(
    client, use_redis, silent_server
):
    article = ArticleFactory()
    use_redis(f"redis://127.0.0.1:{silent_server.port}/0")
    statuses, seconds = pages_served(client, ["/", article.get_absolute_url()], times=10)
    assert set(statuses) == {200}
    assert seconds < NOT_STALLED_SECONDS
    assert len(silent_server.connections) == 1  # the first command timed out; then none tried
    assert cache.breaker.is_open


def test_a_cache_that_refuses_connections_is_skipped(client, use_redis):
    article = ArticleFactory()
    use_redis(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    statuses, seconds = pages_served(client, ["/", article.get_absolute_url()], times=10)
    assert set(statuses) == {200}
    assert seconds < NOT_STALLED_SECONDS
    assert cache.breaker.is_open


def test_after_the_pause_one_command_tries_the_cache_again(client, use_redis, silent_server):
    use_redis(f"redis://127.0.0.1:{silent_server.port}/0", pause_seconds=0.3)
    assert client.get("/").status_code == 200
    assert len(silent_server.connections) == 1
    time.sleep(0.4)
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    assert len(silent_server.connections) == 2


def test_a_stopped_redis_is_skipped_and_used_again_once_it_resumes(
    client, use_redis, private_redis, django_assert_num_queries
):
    article = ArticleFactory()
    use_redis(private_redis.url, pause_seconds=0.3)
    assert client.get(article.get_absolute_url()).status_code == 200
    with django_assert_num_queries(1):  # the content version; the page from Redis
        assert client.get(article.get_absolute_url()).status_code == 200

    with private_redis.stopped():
        statuses, seconds = pages_served(client, ["/", article.get_absolute_url()], times=5)
        assert set(statuses) == {200}
        assert seconds < NOT_STALLED_SECONDS
        assert cache.breaker.is_open

    time.sleep(0.4)
    cache.get("wake")  # the first command after the pause reconnects
    assert not cache.breaker.is_open
    with django_assert_num_queries(1):  # the content version only
        assert client.get(article.get_absolute_url()).status_code == 200


def test_a_paused_redis_is_skipped(client, use_redis, private_redis):
    article = ArticleFactory()
    use_redis(private_redis.url)
    assert client.get("/").status_code == 200
    private_redis.command("client", "pause", "3000", "all")
    statuses, seconds = pages_served(client, ["/", article.get_absolute_url()], times=5)
    assert set(statuses) == {200}
    assert seconds < NOT_STALLED_SECONDS
    assert cache.breaker.is_open


def test_without_a_failure_the_breaker_stays_closed(client, use_redis, private_redis):
    use_redis(private_redis.url)
    for _ in range(3):
        assert client.get("/").status_code == 200
    assert not cache.breaker.is_open
    assert private_redis.command("dbsize") != "0"  # the pages went to the private Redis
