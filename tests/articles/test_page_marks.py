"""The kept marks of the news list's deep pages (articles/page_marks.py): a deep page starts from
the mark before it, and lists exactly what counting through the whole list would, through
every change that moves the list — a story published, withdrawn, deleted, moved in time, or a
scheduled one whose time comes."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import page_marks
from articles.models import Article, Highlights
from articles.views import ArticleListView
from tests.support.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PER_PAGE = 3
EVERY = 4  # not a multiple of the page: pages start between marks too


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(page_marks, "EVERY", EVERY)
    monkeypatch.setattr(ArticleListView, "paginate_by", PER_PAGE)


@pytest.fixture
def archive(small_pages, committed):
    """Twenty public stories, a few at the same minute, among work the public never sees."""
    now = timezone.now()
    with committed():
        for number in range(20):
            # Three stories share each third minute: the id orders them.
            published_at = now - timedelta(minutes=10 + number - number % 3)
            ArticleFactory(title=f"Story {number}", published_at=published_at)
        ArticleFactory.create_batch(2, draft=True)
        ArticleFactory(withdrawn=True, published_at=now - timedelta(minutes=15))
        ArticleFactory(scheduled=True, title="Scheduled story")


def public_ids():
    return list(Article.objects.published().values_list("pk", flat=True))


def pages_of_the_news(client):
    """Every page of the news list, as the ids it shows, until a page is a 404."""
    pages, number = [], 1
    while True:
        response = client.get(f"/news/?page={number}")
        if response.status_code == 404:
            return pages
        assert response.status_code == 200
        pages.append([article.pk for article in response.context["object_list"]])
        number += 1


def assert_pages_count_through_the_list(client):
    expected = public_ids()
    chunks = [expected[start : start + PER_PAGE] for start in range(0, len(expected), PER_PAGE)]
    assert pages_of_the_news(client) == chunks


def test_the_marks_are_every_fourth_public_story_in_the_lists_order(archive):
    data = Highlights.objects.get(name=page_marks.NEWS).data
    ids = public_ids()
    assert [pk for _, pk in data["marks"]] == ids[EVERY::EVERY]
    assert data["every"] == EVERY
    hidden = Article.objects.exclude(pk__in=ids).values_list("pk", flat=True)
    assert not set(hidden) & {pk for _, pk in data["marks"]}


def test_every_page_lists_what_counting_through_the_list_gives(client, archive):
    assert_pages_count_through_the_list(client)


def test_a_deep_page_starts_from_the_mark_before_it(client, archive):
    with CaptureQueriesContext(connection) as queries:
        # Page 6 starts at the 15th story: from the mark of the 12th, three more are skipped.
        assert client.get("/news/?page=6").status_code == 200
    statements = " ".join(query["sql"] for query in queries.captured_queries)
    assert "OFFSET 3" in statements
    assert "OFFSET 15" not in statements


def test_a_deep_page_runs_the_same_number_of_queries_as_any_later_one(
    client, archive, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as queries:
        client.get("/news/?page=3")
    for number in (4, 6):
        with django_assert_num_queries(len(queries.captured_queries)):
            client.get(f"/news/?page={number}")


def test_pages_before_the_first_mark_do_not_read_the_marks(client, archive):
    with CaptureQueriesContext(connection) as queries:
        client.get("/news/?page=1")
    assert not any("highlights" in query["sql"] for query in queries.captured_queries)


def test_a_story_published_moves_the_marks(client, archive, committed):
    with committed():
        ArticleFactory(title="Breaking", published_at=timezone.now() - timedelta(seconds=5))
    assert_pages_count_through_the_list(client)


def test_a_story_withdrawn_or_deleted_moves_the_marks(client, archive, committed):
    first, second = Article.objects.published()[2:4]
    with committed():
        first.status = Article.Status.WITHDRAWN
        first.save()
        second.delete()
    assert_pages_count_through_the_list(client)


def test_a_story_moved_back_in_time_moves_the_marks(client, archive, committed):
    story = Article.objects.published().first()
    with committed():
        story.published_at = timezone.now() - timedelta(days=30)
        story.save(update_fields=["published_at"])
    assert_pages_count_through_the_list(client)


def test_a_scheduled_story_going_public_moves_the_marks_when_they_are_read(client, archive):
    scheduled = Article.objects.get(title="Scheduled story")
    with time_machine.travel(scheduled.published_at + timedelta(minutes=1)):
        assert public_ids()[0] == scheduled.pk
        assert_pages_count_through_the_list(client)
        data = Highlights.objects.get(name=page_marks.NEWS).data
        assert [pk for _, pk in data["marks"]] == public_ids()[EVERY::EVERY]


def test_without_kept_marks_the_pages_are_counted_through(client, archive):
    Highlights.objects.filter(name=page_marks.NEWS).delete()
    assert_pages_count_through_the_list(client)
    assert not Highlights.objects.filter(name=page_marks.NEWS).exists()


def test_a_change_that_moves_no_story_does_not_rebuild_the_marks(archive, committed):
    built_at = Highlights.objects.get(name=page_marks.NEWS).built_at
    story = Article.objects.published().first()
    with committed():
        story.summary = "A better summary."
        story.save(update_fields=["summary"])
    assert Highlights.objects.get(name=page_marks.NEWS).built_at == built_at


def test_migrating_builds_the_marks_of_a_site_with_news(archive):
    Highlights.objects.filter(name=page_marks.NEWS).delete()
    call_command("migrate", verbosity=0)
    data = Highlights.objects.get(name=page_marks.NEWS).data
    assert [pk for _, pk in data["marks"]] == public_ids()[EVERY::EVERY]


@pytest.fixture
def sitemap_pages(monkeypatch, archive):
    from articles.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", EVERY)  # each page starts at a mark


def sitemap_locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_the_sitemap_index_counts_the_public_stories_from_the_marks(client, sitemap_pages):
    pages = -(-len(public_ids()) // EVERY)
    index = sitemap_locations(client, "/sitemap.xml")
    assert f"http://testserver/sitemap-articles.xml?p={pages}" in index
    assert f"http://testserver/sitemap-articles.xml?p={pages + 1}" not in index


def test_the_sitemap_pages_start_from_the_marks_and_list_every_public_story(client, sitemap_pages):
    pages = -(-len(public_ids()) // EVERY)
    listed = []
    for number in range(1, pages + 1):
        listed += sitemap_locations(client, f"/sitemap-articles.xml?p={number}")
    public = Article.objects.published()
    assert listed == [f"http://testserver{article.get_absolute_url()}" for article in public]
    assert client.get(f"/sitemap-articles.xml?p={pages + 1}").status_code == 404


def test_the_sitemap_index_counts_a_story_published_since(client, sitemap_pages, committed):
    with committed():
        for minutes in range(EVERY):
            ArticleFactory(published_at=timezone.now() - timedelta(seconds=minutes + 1))
    pages = -(-len(public_ids()) // EVERY)
    index = " ".join(sitemap_locations(client, "/sitemap.xml"))
    assert f"?p={pages}" in index and f"?p={pages + 1}" not in index


@pytest.mark.parametrize("more", [0, 1, 3])
def test_the_marks_count_the_public_list_exactly(archive, committed, more):
    with committed():
        ArticleFactory.create_batch(more)
    assert page_marks.NewsMarks().count(Article.objects.published()) == len(public_ids())
