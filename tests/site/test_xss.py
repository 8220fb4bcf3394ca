"""Cross-site scripting, tried with a corpus of hostile markup.

The article body keeps only the allowlist, however it is saved; every other field is plain text,
escaped on every page, feed and sitemap, and unable to break out of the JSON-LD script element.
Sanitised HTML is checked by walking it with an HTML parser, not by searching strings.
"""

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode

from articles.models import (
    Article,
    ArticleExpert,
    Conference,
    Department,
    Expert,
    MediaLink,
    Source,
    Topic,
)
from tests.support.admin_forms import admin_url, article_form, change_form, errors_of
from tests.support.factories import ArticleFactory, SourceFactory
from tests.support.hostile_markup import (
    LINK_REL,
    PAYLOADS,
    BodyAudit,
    assert_clean_body,
    audit_page,
)
from tests.support.imagefiles import image_bytes
from tests.support.pages import page_urls

pytestmark = pytest.mark.django_db

CORPUS = [pytest.param(payload, id=name) for name, payload in PAYLOADS.items()]

RSS_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


# The body, whatever way an article is saved.


def created(body):
    return ArticleFactory(body=body).pk


def saved(body):
    article = ArticleFactory()
    article.body = body
    article.save()
    return article.pk


def saved_body_only(body):
    article = ArticleFactory()
    article.body = body
    article.save(update_fields=["body"])
    return article.pk


def cleaned_and_saved(body):
    article = ArticleFactory.build(body=body, source=SourceFactory())
    article.full_clean()
    article.save()
    return article.pk


def bulk_created(body):
    Article.objects.bulk_create(
        [ArticleFactory.build(body=body, source=SourceFactory(), slug="bulk")]
    )
    return Article.objects.get(slug="bulk").pk


def bulk_updated(body):
    article = ArticleFactory()
    article.body = body
    Article.objects.bulk_update([article], ["body"])
    return article.pk


SAVES = [created, saved, saved_body_only, cleaned_and_saved, bulk_created, bulk_updated]


def stored_body(pk):
    return Article.objects.values_list("body", flat=True).get(pk=pk)


@pytest.mark.parametrize("save", SAVES)
@pytest.mark.parametrize("payload", CORPUS)
def test_saved_body_keeps_no_executable_markup(payload, save):
    body = stored_body(save(f"<p>Before</p>{payload}"))
    assert_clean_body(body)
    assert body.startswith("<p>Before</p>")


@pytest.mark.parametrize("payload", CORPUS)
def test_editor_saving_hostile_text_in_the_admin_gets_a_sanitised_body(editor_client, payload):
    article = ArticleFactory()
    response = editor_client.post(
        admin_url(Article, "change", article.pk),
        change_form(article, body=f"<p>Before</p>{payload}<p>After</p>"),
    )
    assert response.status_code == 302, errors_of(response)
    body = stored_body(article.pk)
    assert_clean_body(body)
    assert body.startswith("<p>Before</p>")


def test_editor_adding_an_article_with_the_whole_corpus_gets_a_sanitised_body(editor_client):
    body = "".join(f"<p>{name}</p>{payload}" for name, payload in PAYLOADS.items())
    response = editor_client.post(admin_url(Article, "add"), article_form(body=body))
    assert response.status_code == 302, errors_of(response)
    assert_clean_body(Article.objects.get().body)


@pytest.mark.parametrize("payload", CORPUS)
def test_hostile_body_is_harmless_on_the_article_page_and_in_feeds(client, payload):
    article = ArticleFactory(body=f"<p>Before</p>{payload}")
    audit_page(client.get(article.get_absolute_url()))
    # Feeds carry the same body, with our own addresses made absolute.
    media_url = f"http://testserver{settings.MEDIA_URL}"
    rss = ET.fromstring(client.get("/feeds/news.rss").content)
    assert_clean_body(rss.find(f"channel/item/{RSS_CONTENT}").text, media_url)
    atom = ET.fromstring(client.get("/feeds/news.atom").content)
    assert_clean_body(atom.find(f"{ATOM}entry/{ATOM}content").text, media_url)
    (item,) = json.loads(client.get("/feeds/news.json").content)["items"]
    assert_clean_body(item["content_html"], media_url)


KEPT = (
    "<h2>Results</h2><h3>Method</h3><h4>Patients</h4>"
    "<p><strong>Strong</strong>, <b>bold</b>, <em>emphasis</em> and <i>italics</i>.<br>Next.</p>"
    '<ul><li>One</li><li>Two</li></ul><ol start="3"><li>Three</li></ol>'
    "<blockquote><p>A quotation.</p></blockquote>"
    '<table><caption>Outcomes</caption><thead><tr><th scope="col">Group</th>'
    '<th colspan="2">Rate</th></tr></thead><tbody><tr><td>A</td><td rowspan="2">90%</td>'
    "</tr></tbody></table>"
    '<figure><img src="/media/articles/2024/05/ward.jpg" alt="The new ward" width="800" '
    'height="600"><figcaption>The new ward.</figcaption></figure>'
    '<p><img src="/media/articles/a.jpg" alt="a &gt; b"></p>'
)
LINKS = (
    '<p><a href="https://example.org/study" title="The study">study</a> '
    '<a href="http://example.org/">site</a> <a href="mailto:press@hospital.example">press</a> '
    '<a href="/news/earlier-story/">earlier</a></p>'
)


def test_allowed_content_survives_the_save():
    body = stored_body(created(KEPT + LINKS))
    assert_clean_body(body)
    assert body.startswith(KEPT)
    assert BodyAudit(body).tags == BodyAudit(KEPT + LINKS).tags


def test_every_link_gets_noopener_noreferrer_and_keeps_its_address():
    body = stored_body(created(LINKS))
    for href in (
        "https://example.org/study",
        "http://example.org/",
        "mailto:press@hospital.example",
        "/news/earlier-story/",
    ):
        assert f'href="{href}" ' in body
    assert body.count(f'rel="{LINK_REL}"') == 4


def test_foreign_images_are_dropped_whole_and_own_images_kept():
    body = stored_body(
        created(
            '<figure><img src="https://evil.example/x.png" alt="x"><figcaption>c</figcaption>'
            '</figure><p><img src="/media/articles/own.jpg" alt="own"></p>'
        )
    )
    assert body == (
        '<figure><figcaption>c</figcaption></figure><p><img src="/media/articles/own.jpg" '
        'alt="own"></p>'
    )


# Plain-text fields, wherever they are shown.


@dataclass
class HostileNewsroom:
    article: Article
    strings: set  # the hostile values stored, each cut to its column's length

    def assert_never_raw(self, html):
        for value in self.strings:
            assert value not in html

    def assert_no_raw_markup(self, xml):
        """In XML text only `<` and `&` are markup: a value holding one never appears as is."""
        for value in self.strings:
            if "<" in value or "&" in value:
                assert value not in xml


@pytest.fixture
def hostile(payload, committed):
    """A published article whose every plain-text field, and every name it shows, is `payload`;
    committed as far as the search index is concerned, so that search shows it too."""
    with committed():
        return hostile_newsroom(payload)


def hostile_newsroom(payload):
    stored = set()

    def hostile_values(model, *fields):
        # Cut to the column's length: PostgreSQL refuses longer strings.
        values = {
            field: payload[: model._meta.get_field(field).max_length or None] for field in fields
        }
        stored.update(values.values())
        return values

    department = Department.objects.create(
        slug="hostile-department", **hostile_values(Department, "name", "description")
    )
    expert = Expert.objects.create(
        slug="hostile-expert",
        department=department,
        **hostile_values(
            Expert, "honorific", "family_name", "given_name", "position", "affiliation", "bio"
        ),
    )
    conference = Conference.objects.create(
        slug="hostile-conference",
        start_date=date(2024, 2, 7),
        end_date=date(2024, 2, 9),
        **hostile_values(Conference, "name", "edition", "city", "country"),
    )
    source = Source.objects.create(
        url="https://hospital.example/", **hostile_values(Source, "name")
    )
    article = ArticleFactory(
        body="<p>Cell therapy news.</p>",
        source=source,
        **hostile_values(
            Article, "title", "summary", "byline", "hero_alt", "hero_caption", "hero_credit"
        ),
    )
    article.hero_image.save("ward.jpg", ContentFile(image_bytes(size=(40, 30))))
    ArticleExpert.objects.create(article=article, expert=expert, role=ArticleExpert.Role.SPEAKER)
    MediaLink.objects.create(
        article=article,
        url="https://video.example/interview",
        **hostile_values(MediaLink, "title", "provider"),
    )
    article.conferences.add(conference)
    article.departments.add(department)
    article.tags.add(hostile_values(Topic, "name")["name"])
    # A second story on the same topic: the first one's title shows in its related list and pager.
    related = ArticleFactory(title="Another story", body="<p>Cell therapy news.</p>")
    related.tags.add(*article.tags.all())
    # A value without markup characters may well appear as it is; only the others tell.
    return HostileNewsroom(article, {value for value in stored if escape(value) != value})


def public_pages(article):
    return [
        *page_urls(article, article.tags.get().slug, search="cell therapy"),
        # Short: the SQLite substring search used to fail beyond seven words.
        f"/search/?{urlencode({'q': article.title[:20]})}",
    ]


def feed_urls(article):
    expert = article.experts.get()
    urls = []
    for format in ("rss", "atom", "json"):
        urls += [
            reverse("articles:news-feed", args=[format]),
            reverse("articles:topic-feed", args=[article.tags.get().slug, format]),
            reverse("articles:expert-feed", args=[expert.slug, format]),
            reverse("articles:conference-feed", args=[article.conferences.get().slug, format]),
            reverse("articles:department-feed", args=[expert.department.slug, format]),
            f"{reverse('search:feed', args=[format])}?{urlencode({'q': 'cell therapy'})}",
        ]
    return urls


@pytest.mark.parametrize("payload", CORPUS)
def test_plain_text_fields_are_escaped_on_every_public_page(client, hostile, payload):
    article = hostile.article
    for url in public_pages(article):
        html, _ = audit_page(client.get(url))
        hostile.assert_never_raw(html)
    html, json_ld = audit_page(client.get(article.get_absolute_url()))
    # Shown, as text: escaped in the markup and whole in the structured data.
    assert f"<h1>{escape(article.title)}</h1>" in html
    assert f'<p class="lede">{escape(article.summary)}</p>' in html
    assert f'alt="{escape(article.hero_alt)}"' in html
    assert escape(article.hero_caption) in html
    assert json_ld[0]["headline"] == article.title
    assert json_ld[0]["description"] == article.summary


@pytest.mark.parametrize("payload", CORPUS)
def test_plain_text_fields_are_text_in_every_feed(client, hostile, payload):
    article = hostile.article
    link = f"http://testserver{article.get_absolute_url()}"
    topic = article.tags.get().name
    for url in feed_urls(article):
        response = client.get(url)
        assert response.status_code == 200, url
        format = urlsplit(url).path.rsplit(".", 1)[1]
        if format == "json":
            assert response["Content-Type"].startswith("application/feed+json")
            items = json.loads(response.content)["items"]
            item = next(item for item in items if item["url"] == link)
            assert (item["title"], item["summary"]) == (article.title, article.summary)
            assert item["tags"] == [topic]
            continue
        hostile.assert_no_raw_markup(response.content.decode())
        feed = ET.fromstring(response.content)
        if format == "rss":
            item = next(item for item in feed.iter("item") if item.findtext("link") == link)
            title, summary = item.findtext("title"), item.findtext("description")
            assert item.findtext("category") == topic
        else:
            entry = next(
                entry
                for entry in feed.iter(f"{ATOM}entry")
                if entry.find(f"{ATOM}link").get("href") == link
            )
            assert entry.find(f"{ATOM}title").get("type") in (None, "text")
            assert entry.find(f"{ATOM}summary").get("type") == "html"
            title, summary = entry.findtext(f"{ATOM}title"), entry.findtext(f"{ATOM}summary")
            assert entry.find(f"{ATOM}category").get("term") == topic
        assert title == article.title
        # Readers take an RSS description and an Atom summary as HTML: it must hold no markup.
        assert "<" not in summary
        assert unescape(summary) == article.summary


@pytest.mark.parametrize("payload", CORPUS)
def test_plain_text_fields_are_text_in_the_sitemaps(client, hostile, payload):
    news = client.get(reverse("sitemap-news"))
    hostile.assert_no_raw_markup(news.content.decode())
    titles = [title.text for title in ET.fromstring(news.content).iter(f"{NEWS}title")]
    assert hostile.article.title in titles
    index = ET.fromstring(client.get(reverse("sitemap-index")).content)
    for location in index.iter(f"{SITEMAP}loc"):
        response = client.get(urlsplit(location.text).path)
        assert response.status_code == 200, location.text
        hostile.assert_no_raw_markup(response.content.decode())
        ET.fromstring(response.content)
