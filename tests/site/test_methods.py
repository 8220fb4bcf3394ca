"""The public site is read, not written: other methods than GET and HEAD get 405 and the
methods allowed, never a CSRF refusal, and feeds do not echo TRACE."""

import pytest
from django.test import Client

from tests.support.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_addresses():
    article = ArticleFactory()
    topic = TopicFactory()
    article.tags.add(topic)
    return [
        "/",
        "/news/",
        article.get_absolute_url(),
        "/topics/",
        topic.get_absolute_url(),
        "/feeds/news.rss",
        "/feeds/news.json",
        f"/feeds/topics/{topic.slug}.atom",
        "/search/?q=news",
        "/search/feed.rss?q=news",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
        "/robots.txt",
        "/healthz",
        "/healthz/live",
    ]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE"])
def test_public_addresses_answer_405_to_other_methods(public_addresses, method):
    client = Client(enforce_csrf_checks=True)
    for url in public_addresses:
        response = client.generic(method, url)
        assert response.status_code == 405, (method, url)
        assert {"GET", "HEAD"} <= set(response["Allow"].split(", ")), url


def test_public_addresses_still_answer_get_and_head(client, public_addresses):
    for url in public_addresses:
        assert client.get(url).status_code == 200, url
        assert client.head(url).status_code == 200, url


def test_the_admin_keeps_its_forms(editor_client):
    response = editor_client.post("/admin/logout/")
    assert response.status_code == 200  # signed out, not refused
