"""The page cache keys a page on the parameters pages read, in name order: a random or tracking
parameter is served the entry of the address without it instead of a new render and entry."""

import pytest
from django.http import QueryDict

from newsroom.middleware import PAGE_PARAMETERS
from tests.support.factories import ArticleFactory, DepartmentFactory, ExpertFactory
from tests.support.pages import cached_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300


def test_a_cache_buster_is_served_the_cached_page(client, django_assert_num_queries):
    article = ArticleFactory()
    url = article.get_absolute_url()
    first = client.get(f"{url}?r=1")
    for busted in (f"{url}?r=2", f"{url}?utm_source=alert&r=3", url):
        with django_assert_num_queries(1):  # the content version only
            assert client.get(busted).content == first.content
    assert len(cached_pages()) == 1


def test_parameters_in_another_order_are_the_same_page(client, django_assert_num_queries):
    ArticleFactory(title="Stroke recovery results")
    client.get("/search/?q=stroke&year=2024")
    with django_assert_num_queries(1):  # the content version only
        client.get("/search/?year=2024&q=stroke")
    assert len(cached_pages()) == 1


def test_parameters_a_page_reads_make_pages_of_their_own(client):
    ArticleFactory.create_batch(25)
    first, second = client.get("/news/"), client.get("/news/?page=2")
    assert first.content != second.content
    assert len(cached_pages()) == 2


def test_a_feed_gives_its_own_address_whatever_was_added_to_it(client):
    ArticleFactory()
    client.get("/feeds/news.atom?utm_source=<mail>")
    feed = client.get("/feeds/news.atom").content.decode()
    assert 'href="http://testserver/feeds/news.atom"' in feed
    assert "utm_source" not in feed


def test_every_parameter_a_public_page_reads_is_in_the_key(client, monkeypatch, settings):
    """If a page read a parameter the key leaves out, two different pages would share a cache
    entry: every key read from a query string while the public pages are rendered must be one
    of PAGE_PARAMETERS. (The page cache is off here: it reads every parameter to make a key.)"""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    department = DepartmentFactory()
    expert = ExpertFactory(department=department)
    article = ArticleFactory()
    article.tags.add("CAR-T")
    read = set()
    for method in ("get", "getlist", "__getitem__", "__contains__"):
        original = getattr(QueryDict, method)

        def recording(self, key, *args, _original=original, **kwargs):
            if not self._mutable:  # read, not being filled from the query string
                read.add(key)
            return _original(self, key, *args, **kwargs)

        monkeypatch.setattr(QueryDict, method, recording)
    probe = "page=2&p=2&q=therapy&letter=A&topic=car-t&year=2024&utm_source=x&r=1"
    probe += f"&department={department.slug}&expert={expert.slug}"
    for url in (
        "/",
        "/news/",
        article.get_absolute_url(),
        "/topics/",
        "/topics/car-t/",
        "/experts/",
        expert.get_absolute_url(),
        "/departments/",
        "/conferences/",
        "/search/",
        "/search/feed.rss",
        "/feeds/news.rss",
        "/feeds/topics/car-t.json",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
        f"/news/{article.published_at:%Y}/",
    ):
        client.get(f"{url}?{probe}")
    assert "q" in read and "page" in read  # the recording works
    assert read <= PAGE_PARAMETERS, read - PAGE_PARAMETERS
