"""No cache failure can bring withdrawn news back: every cached page is keyed on the content
version kept in the database (newsroom/models.py), which moves on in the transaction of each
change, whatever the cache did meanwhile; and several processes with caches of their own agree."""

import gzip
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings as django_settings
from django.db import connection

from articles import services
from articles.models import Article
from bench import throughput
from newsroom.models import current_content_version
from tests.support.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PAUSE = 0.3


def surfaces_showing(client, article):
    """The public addresses that still show `article`."""
    showing = []
    for url in ("/", "/news/", "/feeds/news.rss", "/feeds/news.json", "/sitemap-articles.xml"):
        if article.slug in client.get(url).content.decode():
            showing.append(url)
    if client.get(article.get_absolute_url()).status_code == 200:
        showing.append(article.get_absolute_url())
    return showing


def test_a_change_moves_the_content_version_on_in_its_own_transaction():
    before = current_content_version()
    ArticleFactory()
    assert current_content_version() > before


def test_a_withdrawal_made_while_redis_fails_commands_is_not_lost(
    client, use_redis, private_redis, editor
):
    use_redis(private_redis.url, pause_seconds=PAUSE)
    article = story_cached(client)
    with private_redis.refusing_commands():
        services.withdraw(article, editor)
        assert surfaces_showing(client, article) == []
    time.sleep(PAUSE + 0.1)  # Redis is used again, with every entry it held
    assert private_redis.command("dbsize") != "0"
    assert surfaces_showing(client, article) == []


def test_a_redis_restarted_with_its_old_data_serves_nothing_withdrawn(
    client, use_redis, private_redis, editor
):
    use_redis(private_redis.url, pause_seconds=PAUSE)
    article = story_cached(client)
    private_redis.stop_keeping_its_data()
    services.withdraw(article, editor)
    assert surfaces_showing(client, article) == []
    private_redis.start()
    time.sleep(PAUSE + 0.1)
    assert private_redis.command("dbsize") != "0"  # the old pages are back in Redis
    assert surfaces_showing(client, article) == []


def story_cached(client):
    article = ArticleFactory(title="A story to withdraw")
    assert len(surfaces_showing(client, article)) == 6
    return article


# Several worker processes, each with a cache of its own (no Redis), on a real server.


@pytest.fixture
def gunicorn_without_redis(tmp_path, monkeypatch):
    """gunicorn (as `make bench` starts it) with three workers on the test database, each
    keeping a page cache in its own memory, with production's static files. The test database
    is only shared with another process on PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("another process reaches the test database on PostgreSQL only")
    database = connection.settings_dict
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    for name, value in {
        "DATABASE_URL": f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}",
        "WEB_CONCURRENCY": "3",
        "DEMO": "false",
        "ALLOWED_HOSTS": "localhost",
        "STATIC_ROOT": str(tmp_path / "static"),
    }.items():
        monkeypatch.setenv(name, value)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=django_settings.BASE_DIR,
        check=True,
        timeout=120,
    )
    with throughput.gunicorn(page_cache_seconds=300, redis_url="") as (base, _):
        yield base


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_every_worker_stops_serving_a_story_withdrawn_in_code(gunicorn_without_redis):
    article = ArticleFactory()
    url = gunicorn_without_redis + article.get_absolute_url()
    assert [status_of(url) for _ in range(12)] == [200] * 12  # cached by every worker
    article.status = Article.Status.WITHDRAWN  # as in a shell: in this process, no worker told
    article.save()
    assert set(status_of(url) for _ in range(12)) == {410}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_server_sends_cached_pages_compressed_whole(gunicorn_without_redis):
    """Through gunicorn, as a browser or feed reader gets them: each cached feed and page,
    asked for compressed, arrives whole (its length as announced) and unpacks to the page.
    A worker's first request for a page stores it and is sent as rendered."""
    ArticleFactory(title="A story sent compressed")
    for path in ("/feeds/news.rss", "/news/"):
        request = urllib.request.Request(
            gunicorn_without_redis + path, headers={"Accept-Encoding": "gzip"}
        )
        encodings = []
        for _ in range(24):  # every worker stores it, then serves it from its cache
            with urllib.request.urlopen(request, timeout=10) as response:
                body = response.read()  # as many bytes as Content-Length says, or an error
                encoding = response.headers.get("Content-Encoding")
            encodings.append(encoding)
            page = gzip.decompress(body) if encoding == "gzip" else body
            assert b"A story sent compressed" in page, path
        assert encodings.count("gzip") >= 24 - 3, (path, encodings)
