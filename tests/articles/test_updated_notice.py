""" "Updated" means that what readers see changed after the story went public: never for a
back-dated story entered today, nor for a save that changes nothing readers see; the page, the
JSON-LD and the feeds' modified dates agree."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles import services
from tests.support.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def json_feed_item(client, article):
    items = json.loads(client.get("/feeds/news.json").content)["items"]
    return next(item for item in items if item["title"] == article.title)


def test_a_back_dated_story_entered_today_is_not_updated(client, editor):
    article = ArticleFactory(draft=True, title="Archive story")
    article.published_at = timezone.now() - timedelta(days=700)
    services.perform(article, editor, "publish")
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        article.is_featured = True  # an editor's later change that readers do not read
        article.save()
        page = client.get(article.get_absolute_url()).content.decode()
        item = json_feed_item(client, article)
    assert "Updated" not in page
    assert item["date_modified"] == item["date_published"]


def test_a_changed_text_after_publication_is_an_update(client, editor):
    article = ArticleFactory(title="Clinic hours")
    later = timezone.now() + timedelta(hours=3)
    with time_machine.travel(later, tick=False):
        article.summary = "The clinic now opens at seven."
        services.perform(article, editor, "update")
        page = client.get(article.get_absolute_url()).content.decode()
        item = json_feed_item(client, article)
    article.refresh_from_db()
    assert article.content_changed_at == later
    assert "Updated <time" in page
    assert item["date_modified"].startswith(later.strftime("%Y-%m-%dT%H:%M"))


def test_a_typo_fixed_at_once_is_not_an_update(client, editor):
    article = ArticleFactory(draft=True)
    services.perform(article, editor, "publish")
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        article.title = article.title + " (corrected)"
        services.perform(article, editor, "update")
    article.refresh_from_db()
    assert article.content_changed_at is None


def test_edits_before_publication_are_not_updates(editor):
    article = ArticleFactory(scheduled=True)
    article.body = "<p>Rewritten before it went public.</p>"
    services.perform(article, editor, "update")
    article.refresh_from_db()
    assert article.content_changed_at is None
