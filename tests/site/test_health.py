"""Health checks a load balancer can trust, and a database outage that answers 503 and heals by
itself."""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.support.factories import ArticleFactory
from tests.support.fault_servers import free_port

HEALTH_URLS = ["/healthz", "/healthz/live", "/healthz/ready"]


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300


@pytest.mark.django_db
@pytest.mark.parametrize("url", HEALTH_URLS)
def test_health_answers_are_never_cached(client, page_cache, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_reports_database_and_cache(client):
    assert client.get("/healthz/ready").json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
    }


@pytest.mark.django_db
def test_an_unreachable_cache_is_reported_but_keeps_the_instance_ready(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json()["cache"] == "unreachable"


@contextmanager
def database_unreachable():
    """The database stops answering. On PostgreSQL for real: the connection is closed and
    pointed at a port where nothing listens. SQLite's in-memory test database cannot be taken
    away, so there every query fails as a lost database's do."""
    if connection.vendor == "postgresql":
        port = connection.settings_dict["PORT"]
        connection.close()
        connection.settings_dict["PORT"] = str(free_port())
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict["PORT"] = port
        return

    def refuse(execute, sql, params, many, context):
        raise OperationalError("unable to open database file")

    with connection.execute_wrapper(refuse):
        yield


@pytest.mark.django_db(transaction=True)
def test_readiness_fails_and_liveness_holds_during_a_database_outage(client, page_cache):
    assert client.get("/healthz").status_code == 200  # and nothing of it is kept in the cache
    with database_unreachable():
        for url in ("/healthz", "/healthz/ready"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert response.json()["database"] == "unreachable"
        assert client.get("/healthz/live").status_code == 200
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_database_outage_answers_503_and_the_site_recovers_by_itself():
    article = ArticleFactory()
    client = Client(raise_request_exception=False)
    urls = ["/", "/news/", article.get_absolute_url(), "/feeds/news.rss", "/sitemap.xml"]
    with database_unreachable():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 503, url
            assert response["Retry-After"] == "30"
            assert "no-store" in response["Cache-Control"]
            assert "briefly unavailable" in response.content.decode()
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_a_fault_that_is_not_an_outage_stays_a_500(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("newsroom.views.database_state", broken)
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
