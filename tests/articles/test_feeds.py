"""Feeds, parsed the way readers parse them (feedparser), never by searching strings."""

import copy
import html
import io
import json
from datetime import timedelta
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from django.contrib.syndication.views import Feed
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode
from PIL import Image

from articles.feeds.formats import FORMATS as FORMATS_BY_NAME
from articles.models import Article
from tests.support.factories import (
    ArticleExpertFactory,
    ArticleFactory,
    ConferenceFactory,
    DepartmentFactory,
)

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom", "json"]
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response


def parsed(client, url):
    feed = feedparser.parse(fetch(client, url).content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return feed


def json_feed(client, url):
    response = fetch(client, url)
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    return json.loads(response.content)


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "steelblue").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def newsroom():
    """A complete published article with every facet, plus one article in each hidden state."""
    link = ArticleExpertFactory(
        article__title="CAR-T & myeloma <update> 骨髓移植",
        article__body='<p>See <a href="/news/other/">our earlier story</a>.</p>',
        article__byline="Communications Office",
        article__hero_alt="A laboratory",
    )
    article = link.article
    article.hero_image.save("lab.jpg", ContentFile(jpeg_bytes()))
    article.tags.add("CAR-T", "multiple myeloma")
    article.conferences.add(ConferenceFactory(slug="car-t-congress"))
    article.departments.add(DepartmentFactory(slug="haematology"))
    for state in ("draft", "in_review", "withdrawn", "scheduled"):
        hidden = ArticleFactory(**{state: True}, title=f"Hidden {state}")
        hidden.tags.add("CAR-T")
        ArticleExpertFactory(article=hidden, expert=link.expert)
    return article


def feed_urls(article):
    expert = article.expert_roles.get().expert
    urls = []
    for format in FORMATS:
        urls += [
            reverse("articles:news-feed", args=[format]),
            reverse("articles:topic-feed", args=["car-t", format]),
            reverse("articles:expert-feed", args=[expert.slug, format]),
            reverse("articles:conference-feed", args=["car-t-congress", format]),
            reverse("articles:department-feed", args=["haematology", format]),
        ]
    return urls


def test_every_feed_has_exactly_the_published_article(client, newsroom):
    for url in feed_urls(newsroom):
        if url.endswith(".json"):
            titles = [item["title"] for item in json_feed(client, url)["items"]]
        else:
            titles = [entry.title for entry in parsed(client, url).entries]
        assert titles == [newsroom.title], url


def test_rss_items_carry_every_field(client, newsroom):
    feed = parsed(client, "/feeds/news.rss")
    assert feed.version == "rss20"
    assert feed.feed.title and feed.feed.subtitle and feed.feed.language == "en"
    assert feed.feed.ttl == "30"
    assert feed.feed.generator == "Newsroom"
    assert feed.feed.image.href == "http://testserver/static/img/logo.png"
    assert any(link.rel == "self" for link in feed.feed.links)
    entry = feed.entries[0]
    assert entry.link == f"http://testserver{newsroom.get_absolute_url()}"
    assert entry.id == f"tag:testserver,{newsroom.created_at:%Y-%m-%d}:article:{newsroom.pk}"
    assert entry.summary == newsroom.summary
    assert 'href="http://testserver/news/other/"' in entry.content[0].value
    assert entry.published_parsed[:6] == newsroom.published_at.utctimetuple()[:6]
    assert entry.author == "Communications Office"
    assert {tag.term for tag in entry.tags} == {"CAR-T", "multiple myeloma"}
    enclosure = entry.enclosures[0]
    assert enclosure.type == "image/jpeg"
    rendition = newsroom.hero.fallback(1200)
    assert enclosure.href == f"http://testserver{rendition['url']}"
    assert "/renditions/" in enclosure.href, "feeds carry a rendition, never the original"
    assert int(enclosure.length) == default_storage.size(rendition["name"])


def test_atom_entries_have_unique_absolute_ids_and_html_content(client, newsroom):
    ArticleFactory()
    feed = parsed(client, "/feeds/news.atom")
    assert feed.version == "atom10"
    assert feed.feed.id.startswith("http://testserver/")
    assert feed.feed.icon and feed.feed.logo and feed.feed.generator == "Newsroom"
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids) == 2
    assert all(entry_id.startswith("tag:testserver,") for entry_id in ids)
    entry = next(e for e in feed.entries if e.title == newsroom.title)
    assert entry.content[0].type == "text/html"
    assert entry.updated_parsed and entry.published_parsed


def test_json_feed_has_the_required_fields(client, newsroom):
    feed = json_feed(client, "/feeds/news.json")
    assert feed["version"] == JSON_FEED_VERSION
    assert feed["title"]
    assert feed["home_page_url"] == "http://testserver/"
    assert feed["feed_url"] == "http://testserver/feeds/news.json"
    item = feed["items"][0]
    assert item["id"] == f"tag:testserver,{newsroom.created_at:%Y-%m-%d}:article:{newsroom.pk}"
    assert item["url"] == f"http://testserver{newsroom.get_absolute_url()}"
    assert item["content_html"].startswith("<p>")
    assert item["image"] == f"http://testserver{newsroom.hero.fallback(1200)['url']}"
    assert item["tags"] == ["CAR-T", "multiple myeloma"]
    assert item["authors"] == [{"name": "Communications Office"}]
    assert item["date_published"].startswith(f"{newsroom.published_at:%Y-%m-%d}")


def test_special_characters_survive_every_format(client, newsroom):
    assert parsed(client, "/feeds/news.rss").entries[0].title == newsroom.title
    assert parsed(client, "/feeds/news.atom").entries[0].title == newsroom.title
    assert json_feed(client, "/feeds/news.json")["items"][0]["title"] == newsroom.title


def test_item_id_survives_title_and_slug_edits(client, newsroom):
    before = json_feed(client, "/feeds/news.json")["items"][0]["id"]
    Article.objects.filter(pk=newsroom.pk).update(title="A new headline", slug="a-new-headline")
    assert json_feed(client, "/feeds/news.json")["items"][0]["id"] == before


def test_feeds_hold_the_latest_thirty(client):
    ArticleFactory.create_batch(31)
    assert len(parsed(client, "/feeds/news.rss").entries) == 30


def test_scheduled_article_enters_the_feed_when_its_time_comes(client, time_machine):
    article = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    assert parsed(client, "/feeds/news.atom").entries == []
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    assert [e.title for e in parsed(client, "/feeds/news.atom").entries] == [article.title]


@pytest.mark.parametrize(
    "url", ["/feeds/experts/nobody.rss", "/feeds/topics/no-topic.atom", "/feeds/news.xml"]
)
def test_unknown_facets_are_404(client, url):
    assert client.get(url).status_code == 404


def test_a_facet_used_only_by_hidden_articles_has_no_feed(client):
    draft = ArticleExpertFactory(article__draft=True)
    assert client.get(f"/feeds/experts/{draft.expert.slug}.rss").status_code == 404


@pytest.mark.parametrize("format", FORMATS)
def test_conditional_get_is_answered_with_304_without_rendering(
    client, newsroom, format, django_assert_max_num_queries
):
    url = f"/feeds/news.{format}"
    first = fetch(client, url)
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"]
    with django_assert_max_num_queries(1):
        again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304


def test_etag_changes_when_an_item_changes(client, newsroom):
    first = fetch(client, "/feeds/news.rss")["ETag"]
    newsroom.summary = "A corrected summary."
    newsroom.save()
    assert fetch(client, "/feeds/news.rss")["ETag"] != first
    assert fetch(client, "/feeds/news.atom")["ETag"] != first


def test_feeds_are_announced_on_every_page_and_on_facet_pages(client, newsroom):
    expert = newsroom.expert_roles.get().expert
    home = client.get("/").content.decode()
    assert 'type="application/rss+xml"' in home and 'href="/feeds/news.rss"' in home
    page = client.get(expert.get_absolute_url()).content.decode()
    for format in FORMATS:
        assert page.count(f'href="/feeds/experts/{expert.slug}.{format}"') == 2


def test_feeds_run_constant_queries(client, django_assert_max_num_queries):
    urls = [f"/feeds/news.{format}" for format in FORMATS] + ["/feeds/topics/research.rss"]

    def counts():
        result = {}
        for url in urls:
            with django_assert_max_num_queries(10) as captured:
                fetch(client, url)
            result[url] = len(captured.captured_queries)
        return result

    ArticleFactory.create_batch(3, tags=["research"])
    small = counts()
    ArticleFactory.create_batch(27, tags=["research"])
    assert counts() == small


def test_demo_feeds_show_every_published_item_and_nothing_else(client):
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    published = {a.title for a in Article.objects.published()}
    assert Article.objects.exclude(pk__in=Article.objects.published()).exists()
    for format in ("rss", "atom"):
        assert {e.title for e in parsed(client, f"/feeds/news.{format}").entries} == published
    assert {i["title"] for i in json_feed(client, "/feeds/news.json")["items"]} == published
    car_t = Article.objects.published().get(slug__contains="car-t")
    expert = car_t.expert_roles.first().expert
    for url in (
        "/feeds/topics/car-t.rss",
        f"/feeds/experts/{expert.slug}.atom",
        f"/feeds/conferences/{car_t.conferences.get().slug}.rss",
    ):
        titles = {e.title for e in parsed(client, url).entries}
        assert car_t.title in titles and titles <= published, url


# The feeds answer through their own __call__ (a conditional GET decided before any item is
# rendered, the feed written to one string): what they write must be what Django's would.


def djangos_own_answer(rf, url):
    """The same feed, for the same request, answered by Django's own Feed.__call__."""
    match = resolve(url)
    view = copy.copy(match.func)
    kwargs = dict(match.kwargs)
    view.feed_type = FORMATS_BY_NAME[kwargs.pop("format")]
    view.request = request = rf.get(url)
    return Feed.__call__(view, request, **kwargs)


def test_each_feed_writes_what_djangos_own_feed_view_writes(client, rf, newsroom):
    for url in feed_urls(newsroom):
        ours = fetch(client, url)
        django = djangos_own_answer(rf, url)
        assert ours.content == django.content, url
        assert ours["Content-Type"] == django["Content-Type"], url
        # Django's Last-Modified is the newest item date (when readers' content last changed);
        # ours is the newest change of any item at all, so that a conditional GET never misses
        # an edit: never earlier than Django's.
        assert parsedate_to_datetime(ours["Last-Modified"]) >= parsedate_to_datetime(
            django["Last-Modified"]
        ), url


HOSTILE_TEXT = '<script>alert("x")</script><b>bold</b> & more'


def as_a_reader_shows_it(detail):
    """The text a feed reader shows for a feedparser text construct: HTML is rendered, so its
    tags would act and its entities are read as characters."""
    if detail.type == "text/html":
        assert "<" not in detail.value, detail.value  # no element for the reader to render
        return html.unescape(detail.value)
    return detail.value


@pytest.mark.parametrize("format", ["rss", "atom"])
def test_a_search_feed_shows_the_query_as_text(client, format):
    url = f"/search/feed.{format}?{urlencode({'q': HOSTILE_TEXT})}"
    channel = parsed(client, url).feed
    assert HOSTILE_TEXT in as_a_reader_shows_it(channel.title_detail)
    assert HOSTILE_TEXT in as_a_reader_shows_it(channel.subtitle_detail)


def test_a_json_search_feed_shows_the_query_as_text(client):
    feed = json_feed(client, f"/search/feed.json?{urlencode({'q': HOSTILE_TEXT})}")
    assert HOSTILE_TEXT in feed["title"] and HOSTILE_TEXT in feed["description"]


@pytest.mark.parametrize("format", ["rss", "atom"])
def test_a_facet_feed_shows_the_facets_name_as_text(client, format):
    article = ArticleFactory()
    article.tags.add(HOSTILE_TEXT)
    topic = article.tags.get()
    channel = parsed(client, f"/feeds/topics/{topic.slug}.{format}").feed
    assert HOSTILE_TEXT in as_a_reader_shows_it(channel.title_detail)
    assert HOSTILE_TEXT in as_a_reader_shows_it(channel.subtitle_detail)
