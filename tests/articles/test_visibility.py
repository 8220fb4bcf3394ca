"""The publication rule: `Article.objects.published()` and `Article.is_published` agree, and the
public pages show nothing else."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from articles.models import Article
from tests.support.factories import ArticleExpertFactory, ArticleFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    "status, published_at, visible",
    [
        (Article.Status.PUBLISHED, NOW - timedelta(days=1), True),
        (Article.Status.PUBLISHED, NOW, True),
        (Article.Status.PUBLISHED, NOW + timedelta(seconds=1), False),
        (Article.Status.DRAFT, NOW - timedelta(days=1), False),
        (Article.Status.DRAFT, None, False),
        (Article.Status.IN_REVIEW, NOW - timedelta(days=1), False),
        (Article.Status.WITHDRAWN, NOW - timedelta(days=1), False),
    ],
)
def test_visibility_rule(frozen_clock, status, published_at, visible):
    article = ArticleFactory(status=status, published_at=published_at)
    assert Article.objects.published().filter(pk=article.pk).exists() is visible
    assert article.is_published is visible


def test_scheduled_article_appears_when_its_time_comes(frozen_clock):
    article = ArticleFactory(published_at=NOW + timedelta(seconds=1))
    assert article.is_scheduled
    assert list(Article.objects.scheduled()) == [article]
    assert not Article.objects.published().exists()
    with time_machine.travel(NOW + timedelta(seconds=1), tick=False):
        assert list(Article.objects.published()) == [article]
        assert not article.is_scheduled


def test_featured_are_published_only():
    featured = ArticleFactory(is_featured=True)
    ArticleFactory(is_featured=True, draft=True)
    ArticleFactory(is_featured=True, scheduled=True)
    ArticleFactory(is_featured=False)
    assert list(Article.objects.featured()) == [featured]


def _hidden_articles():
    return [
        ArticleFactory(draft=True, title="Hidden draft"),
        ArticleFactory(in_review=True, title="Hidden in review"),
        ArticleFactory(withdrawn=True, title="Hidden withdrawn"),
        ArticleFactory(scheduled=True, title="Hidden scheduled"),
    ]


def test_non_public_articles_have_no_page(client):
    for article in _hidden_articles():
        assert client.get(article.get_absolute_url()).status_code == 404


def test_non_public_articles_are_absent_from_home_and_facet_pages(client):
    visible = ArticleFactory(title="Visible story")
    hidden = _hidden_articles()
    link = ArticleExpertFactory(article=visible)
    for article in hidden:
        ArticleExpertFactory(article=article, expert=link.expert)
        article.departments.add(link.expert.department)
    visible.departments.add(link.expert.department)
    for url in ["/", link.expert.get_absolute_url(), link.expert.department.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "Visible story" in page
        assert "Hidden" not in page, url


def test_published_article_page_shows_its_facts(client):
    link = ArticleExpertFactory(
        expert__honorific="Prof.",
        expert__family_name="Huang",
        expert__given_name="He",
        expert__name_order="family_first",
    )
    page = client.get(link.article.get_absolute_url()).content.decode()
    assert "Prof. HUANG He" in page
    assert link.article.source.name in page
