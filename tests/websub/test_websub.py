"""WebSub: feeds name their hubs, and a local hub is told of every feed a story is in."""

from datetime import timedelta

import feedparser
import pytest
import time_machine
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.support.factories import (
    ArticleExpertFactory,
    ArticleFactory,
    ConferenceFactory,
    DepartmentFactory,
    TopicFactory,
)
from tests.support.tasks import run_worker, waiting

pytestmark = pytest.mark.django_db
SITE = "https://testserver"
FEEDS = ("rss", "atom", "json")


def feeds_of(path):
    return {f"{SITE}/feeds/{path}.{format}" for format in FEEDS}


def test_feeds_name_the_hub_and_themselves(client, settings):
    settings.WEBSUB_HUBS = ["https://hub.example/", "https://other-hub.example/"]
    ArticleFactory()
    for format in FEEDS:
        response = client.get(f"/feeds/news.{format}", secure=True)
        links = response["Link"]
        assert '<https://hub.example/>; rel="hub"' in links
        assert '<https://other-hub.example/>; rel="hub"' in links
        assert f'<{SITE}/feeds/news.{format}>; rel="self"' in links
        body = response.content.decode()
        if format == "json":
            assert response.json()["hubs"][0] == {"type": "WebSub", "url": "https://hub.example/"}
        else:
            parsed = feedparser.parse(body)
            hubs = [link["href"] for link in parsed.feed.links if link.get("rel") == "hub"]
            assert hubs == ["https://hub.example/", "https://other-hub.example/"]
            assert f'href="{SITE}/feeds/news.{format}"' in body  # the self link


def test_without_hubs_feeds_name_none(client):
    ArticleFactory()
    response = client.get("/feeds/news.rss")
    assert "Link" not in response
    assert b'rel="hub"' not in response.content


def test_a_search_feed_names_no_hub(client, settings):
    settings.WEBSUB_HUBS = ["https://hub.example/"]
    response = client.get("/search/feed.rss?q=heart")
    assert response.status_code == 200 and "Link" not in response


def test_the_hub_is_told_once_of_every_feed_a_published_story_is_in(hub, editor):
    role = ArticleExpertFactory(article__draft=True)
    article, expert = role.article, role.expert
    topic, conference, department = TopicFactory(), ConferenceFactory(), DepartmentFactory()
    article.tags.add(topic)
    article.conferences.add(conference)
    article.departments.add(department)
    services.publish(article, editor)
    run_worker()
    expected = (
        feeds_of("news")
        | feeds_of(f"topics/{topic.slug}")
        | feeds_of(f"experts/{expert.slug}")
        | feeds_of(f"conferences/{conference.slug}")
        | feeds_of(f"departments/{department.slug}")
    )
    assert sorted(hub.urls()) == sorted(expected)  # each once
    services.set_featured(article, editor, True)  # an edit: no news for the feeds' readers
    run_worker()
    assert len(hub.urls()) == len(expected)


def test_a_withdrawal_is_told_too(hub, editor):
    article = ArticleFactory(draft=True)
    services.publish(article, editor)
    run_worker()
    services.withdraw(article, editor)
    run_worker()
    assert hub.urls() == sorted(feeds_of("news")) * 2


def test_a_scheduled_story_is_told_when_it_goes_public(hub):
    moment = timezone.now() + timedelta(hours=1)
    ArticleFactory(published_at=moment, status=Article.Status.PUBLISHED)
    run_worker()
    assert hub.urls() == []
    with time_machine.travel(moment + timedelta(seconds=1), tick=False):
        run_worker()
    assert sorted(hub.urls()) == sorted(feeds_of("news"))


def test_what_a_hub_refused_is_asked_again_later_and_only_that(hub):
    hub.refuse = {f"{SITE}/feeds/news.atom"}
    ArticleFactory()
    run_worker()
    assert sorted(hub.urls()) == sorted(feeds_of("news"))
    [retry] = waiting("websub.notify.notify_hub")
    assert retry.args_kwargs["args"] == [hub.url, [f"{SITE}/feeds/news.atom"]]
    assert retry.run_after > timezone.now() + timedelta(seconds=25)
    hub.refuse = set()
    with time_machine.travel(retry.run_after + timedelta(seconds=1), tick=False):
        run_worker()
    assert hub.urls()[3:] == [f"{SITE}/feeds/news.atom"]
    assert waiting("websub.notify.notify_hub") == []
