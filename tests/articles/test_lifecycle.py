"""An article's public life: staff preview, scheduled publication on every surface at its moment,
old addresses that redirect, and withdrawal (410 Gone) with restoration."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
import time_machine
from django.contrib.auth.models import Group

from articles import services
from articles.caching import DOWNSTREAM_MAX_AGE
from articles.models import Article, FormerSlug
from tests.support.admin_forms import admin_url, change_form, errors_of
from tests.support.factories import (
    ArticleExpertFactory,
    ArticleFactory,
    ConferenceFactory,
    DepartmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def preview_url(article):
    return f"/preview/articles/{article.pk}/"


# Preview


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "withdrawn"])
def test_editor_previews_an_unpublished_article_with_the_public_template(editor_client, state):
    article = ArticleFactory(title="Heart clinic extends its hours", **{state: True})
    response = editor_client.get(preview_url(article))
    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Preview — not published." in page
    assert "<h1>Heart clinic extends its hours</h1>" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_preview_of_a_scheduled_article_says_when_it_goes_public(editor_client):
    article = ArticleFactory(published_at=datetime(2031, 3, 2, 8, 30, tzinfo=UTC))
    page = editor_client.get(preview_url(article)).content.decode()
    assert "goes public on" in page and "2 March 2031, 08:30" in page


def test_anonymous_visitors_get_404_from_the_preview(client):
    article = ArticleFactory(draft=True, title="Secret draft")
    response = client.get(preview_url(article))
    assert response.status_code == 404
    assert "Secret draft" not in response.content.decode()


def test_logged_in_non_staff_get_404_from_the_preview(client):
    client.force_login(UserFactory(username="reader"))
    assert client.get(preview_url(ArticleFactory(draft=True))).status_code == 404


def test_contributor_previews_own_drafts_only(contributor_client, contributor):
    own = ArticleFactory(draft=True, created_by=contributor)
    other = ArticleFactory(in_review=True)
    assert contributor_client.get(preview_url(own)).status_code == 200
    assert contributor_client.get(preview_url(other)).status_code == 404


def test_admin_links_to_preview_until_public_then_to_the_page(editor_client):
    draft = ArticleFactory(draft=True)
    published = ArticleFactory()
    draft_page = editor_client.get(admin_url(Article, "change", draft.pk)).content.decode()
    assert f'href="{preview_url(draft)}"' in draft_page and ">Preview<" in draft_page
    public_page = editor_client.get(admin_url(Article, "change", published.pk)).content.decode()
    assert f'href="{published.get_absolute_url()}"' in public_page


def test_robots_txt_keeps_crawlers_out_of_previews(client):
    assert "Disallow: /preview/" in client.get("/robots.txt").content.decode()


# Scheduling


@pytest.fixture
def scheduled_story(committed):
    """A story due a second after NOW, with its own topic, expert, conference and department,
    committed as far as the search index is concerned."""
    with time_machine.travel(NOW, tick=False), committed():
        article = ArticleFactory(
            title="Sleep clinic opens at dawn",
            published_at=NOW + timedelta(seconds=1),
            tags=["sleep-medicine"],
        )
        role = ArticleExpertFactory(article=article, expert__slug="dr-night")
        article.conferences.add(ConferenceFactory(slug="sleep-congress"))
        article.departments.add(DepartmentFactory(slug="sleep-unit"))
        ArticleFactory(title="An older story")  # keeps every list and feed non-empty
    return article, role.expert


# Each public surface, and what shows the story there: its title or address, or on the
# directories, the topic, expert, conference or department only it uses.
PUBLIC_SURFACES = {
    "/": None,
    "/news/": None,
    "/news/2025/": None,
    "/news/2025/06/": None,
    "/topics/": "/topics/sleep-medicine/",
    "/topics/sleep-medicine/": None,
    "/experts/": "/experts/dr-night/",
    "/experts/dr-night/": None,
    "/conferences/": "/conferences/sleep-congress/",
    "/conferences/sleep-congress/": None,
    "/departments/": "/departments/sleep-unit/",
    "/departments/sleep-unit/": None,
    "/search/?q=dawn": None,
    "/feeds/news.rss": None,
    "/feeds/news.atom": None,
    "/feeds/news.json": None,
    "/feeds/topics/sleep-medicine.rss": None,
    "/feeds/experts/dr-night.atom": None,
    "/feeds/conferences/sleep-congress.json": None,
    "/feeds/departments/sleep-unit.rss": None,
    "/sitemap-articles.xml": None,
    "/sitemap-experts.xml": "/experts/dr-night/",
    "/sitemap-topics.xml": "/topics/sleep-medicine/",
    "/sitemap-news.xml": None,
}


def shows_story(client, url, article):
    response = client.get(url)
    content = response.content.decode()
    marker = PUBLIC_SURFACES[url]
    found = marker in content if marker else article.title in content or article.slug in content
    return response.status_code == 200 and found


def test_scheduled_story_appears_on_every_surface_at_its_second(client, scheduled_story):
    article, _ = scheduled_story
    with time_machine.travel(NOW, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
        seen_early = [url for url in PUBLIC_SURFACES if shows_story(client, url, article)]
    with time_machine.travel(NOW + timedelta(seconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        missing = [url for url in PUBLIC_SURFACES if not shows_story(client, url, article)]
    assert seen_early == []
    assert missing == []


def test_feed_cache_lifetime_does_not_tell_when_the_next_story_goes_public(client):
    """A lifetime counting down to the next scheduled story would tell anyone the second its
    embargo lifts; downstream caches keep every public answer the same short time instead."""
    with time_machine.travel(NOW, tick=False):
        ArticleFactory()
        unscheduled = client.get("/feeds/news.rss")["Cache-Control"]
        ArticleFactory(published_at=NOW + timedelta(seconds=42))
        response = client.get("/feeds/news.rss")
        assert response["Cache-Control"] == unscheduled
        assert f"max-age={DOWNSTREAM_MAX_AGE}" in response["Cache-Control"]
        not_modified = client.get("/feeds/news.rss", headers={"if-none-match": response["ETag"]})
        assert not_modified.status_code == 304
        assert not_modified["Cache-Control"] == unscheduled
    with time_machine.travel(NOW + timedelta(seconds=42), tick=False):
        response = client.get("/feeds/news.rss")
        assert response["Cache-Control"] == unscheduled
        assert len(feedparser.parse(response.content).entries) == 2


# Slug history


def test_changing_a_published_slug_keeps_the_old_address_as_a_redirect(editor_client):
    article = ArticleFactory(slug="new-mri-scanner")
    data = change_form(article, slug="hospital-installs-new-mri-scanner")
    response = editor_client.post(admin_url(Article, "change", article.pk), data)
    assert response.status_code == 302, errors_of(response)
    old = editor_client.get("/news/new-mri-scanner/")
    assert old.status_code == 301
    assert old["Location"] == "/news/hospital-installs-new-mri-scanner/"


def test_every_former_address_redirects_to_the_current_one(client):
    article = ArticleFactory(slug="first")
    for slug in ("second", "third"):
        article.slug = slug
        article.save()
    for old in ("first", "second"):
        response = client.get(f"/news/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/news/third/")
    assert client.get("/news/third/").status_code == 200


def test_returning_to_a_former_slug_leaves_no_redirect_loop(client):
    article = ArticleFactory(slug="original")
    article.slug = "renamed"
    article.save()
    article.slug = "original"
    article.save()
    assert client.get("/news/original/").status_code == 200
    assert client.get("/news/renamed/")["Location"] == "/news/original/"
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["renamed"]


def test_a_draft_that_was_never_public_keeps_no_former_address(client):
    article = ArticleFactory(draft=True, slug="working-title")
    article.slug = "final-title"
    article.save()
    assert not FormerSlug.objects.exists()


def test_another_article_cannot_take_a_former_address(editor_client):
    moved = ArticleFactory(slug="flu-season", title="Flu season advice")
    moved.slug = "flu-season-advice"
    moved.save()
    other = ArticleFactory(draft=True)
    response = editor_client.post(
        admin_url(Article, "change", other.pk), change_form(other, slug="flu-season")
    )
    assert "used to belong to “Flu season advice”" in errors_of(response)["slug"][0]
    assert ArticleFactory(title="Flu season", slug="").slug == "flu-season-2"


def test_a_former_address_of_an_unpublished_article_is_404(client):
    article = ArticleFactory(slug="before")
    article.slug = "after"
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get("/news/before/").status_code == 404


# Withdrawal


def test_a_withdrawn_article_answers_410_with_a_short_notice(client, editor):
    article = ArticleFactory(title="Retracted trial report")
    with time_machine.travel(NOW, tick=False):
        services.withdraw(article, editor)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    page = response.content.decode()
    assert "This article has been withdrawn" in page
    assert "1 June 2025" in page
    assert "Retracted trial report" not in page
    assert '<meta name="robots" content="noindex">' in page


def test_a_withdrawn_article_is_absent_from_every_list_feed_and_sitemap(client, editor):
    article = ArticleFactory(title="Withdrawn clinic story", tags=["clinic-news"])
    ArticleFactory(title="A story that stays", tags=["clinic-news"])
    services.withdraw(article, editor)
    surfaces = ["/", "/news/", "/topics/clinic-news/", "/search/?q=clinic", "/sitemap-articles.xml"]
    surfaces += [f"/feeds/news.{format}" for format in ("rss", "atom", "json")]
    for url in surfaces:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Withdrawn clinic story" not in response.content.decode(), url
        assert article.slug not in response.content.decode(), url


def test_former_address_of_a_withdrawn_article_is_410_too(client, editor):
    article = ArticleFactory(slug="old-name")
    article.slug = "new-name"
    article.save()
    services.withdraw(article, editor)
    assert client.get("/news/old-name/").status_code == 410


def test_withdrawn_before_it_was_ever_public_is_simply_404(client):
    article = ArticleFactory(draft=True)
    article.status = Article.Status.WITHDRAWN
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_an_editor_restores_a_withdrawn_article_with_its_original_date(
    editor_client, editor, client
):
    article = ArticleFactory(published_at=NOW)
    services.withdraw(article, editor)
    response = editor_client.post(
        admin_url(Article, "changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_published and article.published_at == NOW
    assert article.withdrawn_at is None
    assert client.get(article.get_absolute_url()).status_code == 200


def test_only_editors_withdraw(contributor, contributor_client):
    article = ArticleFactory(created_by=contributor)
    with pytest.raises(services.PermissionDenied):
        services.withdraw(article, contributor)
    assert contributor.groups.filter(name="Contributors").exists()
    assert (
        not Group.objects.get(name="Contributors")
        .permissions.filter(codename="delete_article")
        .exists()
    )
