"""The page cache: anonymous public pages and feeds come from the cache until something they show
changes or a scheduled article comes due; staff never get or fill cached pages."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import quote_etag

from articles import services
from articles.caching import DOWNSTREAM_MAX_AGE
from newsroom.models import current_content_version
from tests.support.factories import ArticleFactory, ConferenceFactory, ExpertFactory
from tests.support.pages import cached_pages
from tests.support.tasks import run_worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def titles_on(client, url="/news/"):
    return client.get(url).content.decode()


def test_a_second_anonymous_request_reads_only_the_content_version(client):
    ArticleFactory(title="Cached story")
    client.get("/news/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/news/")
    [version] = queries  # one query, and it is the content version's
    assert "newsroom_contentversion" in version["sql"]
    assert "Cached story" in response.content.decode()
    assert "public" in response["Cache-Control"] and response["ETag"]


def test_a_conditional_request_gets_304(client):
    ArticleFactory()
    etag = client.get("/").headers["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_cached_page_keeps_its_etag_and_is_not_hashed_again(client, monkeypatch):
    ArticleFactory()
    first = client.get("/news/")
    monkeypatch.setattr(
        "django.middleware.http.set_response_etag",
        lambda response: pytest.fail("a cached page was hashed again"),
    )
    again = client.get("/news/")
    assert again["ETag"] == first["ETag"]
    assert client.get("/news/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_cached_feed_keeps_its_own_etag(client):
    ArticleFactory()
    first = client.get("/feeds/news.rss")
    assert first["ETag"] != quote_etag(hashlib.md5(first.content).hexdigest())
    assert client.get("/feeds/news.rss")["ETag"] == first["ETag"]
    assert client.get("/feeds/news.rss", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_publishing_an_article_shows_at_once(client, editor):
    draft = ArticleFactory(draft=True, title="Fresh news")
    assert "Fresh news" not in titles_on(client)
    services.publish(draft, editor)
    assert "Fresh news" in titles_on(client)


def test_editing_and_withdrawing_show_at_once(client, editor):
    article = ArticleFactory(title="First headline")
    assert "First headline" in titles_on(client)
    article.title = "Second headline"
    article.save()
    assert "Second headline" in titles_on(client)
    services.withdraw(article, editor)
    assert "Second headline" not in titles_on(client)


def test_renaming_an_expert_or_a_conference_shows_at_once(client):
    expert = ExpertFactory(family_name="Okafor")
    article = ArticleFactory()
    article.expert_roles.create(expert=expert)
    conference = ConferenceFactory(name="Heart Congress")
    article.conferences.add(conference)
    page = article.get_absolute_url()
    assert "Okafor" in titles_on(client, page)
    expert.family_name = "Okafor-Smith"
    expert.save()
    conference.name = "Heart Summit"
    conference.save()
    text = titles_on(client, page)
    assert "Okafor-Smith" in text and "Heart Summit" in text


def test_a_new_topic_shows_at_once(client):
    article = ArticleFactory()
    titles_on(client, article.get_absolute_url())
    article.tags.add("telemedicine")
    assert "telemedicine" in titles_on(client, article.get_absolute_url())


def test_a_scheduled_story_appears_at_its_moment_without_a_write(client):
    now = timezone.now()
    ArticleFactory(title="Scheduled story", published_at=now + timedelta(seconds=30))
    with time_machine.travel(now, tick=False):
        assert "Scheduled story" not in titles_on(client)
        # Downstream caches are told the same lifetime as ever: nothing hints at the moment.
        assert f"max-age={DOWNSTREAM_MAX_AGE}," in client.get("/news/")["Cache-Control"]
    with time_machine.travel(now + timedelta(seconds=31), tick=False):
        assert "Scheduled story" in titles_on(client)


def test_the_announcement_of_a_scheduled_story_retires_every_cached_page(client):
    """When the worker announces it (alerts, hubs), the cached pages are retired with it: a
    feed reader told by a hub at that second finds the story."""
    now = timezone.now()
    ArticleFactory(title="Scheduled story", published_at=now + timedelta(seconds=30))
    before = current_content_version()
    with time_machine.travel(now + timedelta(seconds=31), tick=False):
        run_worker()
        assert current_content_version() > before
        assert "Scheduled story" in titles_on(client, "/feeds/news.rss")


def test_alert_pages_are_never_cached(client):
    ArticleFactory()
    for _ in range(2):
        response = client.get("/alerts/")
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert cached_pages() == []


def test_staff_never_get_nor_fill_cached_pages(client, editor):
    ArticleFactory(title="Before")
    client.force_login(editor)
    client.get("/news/")
    assert cached_pages() == []
    client.logout()
    client.get("/news/")
    assert len(cached_pages()) == 1
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        client.get("/news/")
    assert len(queries) > 0  # rendered for them, not taken from the cache
    assert "private" in client.get("/news/")["Cache-Control"]


def test_admin_and_previews_are_never_cached(client, editor):
    client.force_login(editor)
    draft = ArticleFactory(draft=True)
    client.get(f"/preview/articles/{draft.pk}/")
    client.logout()
    client.get("/admin/login/")
    assert cached_pages() == []


def test_a_cached_page_keeps_its_security_headers(client):
    ArticleFactory()
    first = client.get("/news/")
    second = client.get("/news/")
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
        assert second[header] == first[header]
