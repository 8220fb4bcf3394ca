"""Sitemaps, the news sitemap and robots.txt, parsed as XML and text."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles.sitemaps import SITEMAPS, ArticleSitemap
from tests.support.factories import (
    ArticleExpertFactory,
    ArticleFactory,
    ConferenceFactory,
    DepartmentFactory,
)

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
SECTIONS = ["articles", "experts", "conferences", "departments", "topics"]


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iterfind(".//sm:loc", NS)], root


def paths(urls):
    return {url.removeprefix("http://testserver") for url in urls}


def make_facets(article, prefix):
    ArticleExpertFactory(article=article, expert__slug=f"{prefix}-expert")
    article.conferences.add(ConferenceFactory(slug=f"{prefix}-conference"))
    article.departments.add(DepartmentFactory(slug=f"{prefix}-department"))
    article.tags.add(f"{prefix}-topic")


@pytest.fixture
def newsroom():
    visible = ArticleFactory(title="Visible")
    make_facets(visible, "shown")
    for state in ("draft", "in_review", "withdrawn", "scheduled"):
        make_facets(ArticleFactory(**{state: True}, slug=f"hidden-{state}"), f"hidden-{state}")
    return visible


def test_index_lists_every_section(client, newsroom):
    urls, _ = locations(client, "/sitemap.xml")
    assert paths(urls) == {f"/sitemap-{section}.xml" for section in SECTIONS}


def test_sections_list_only_published_work(client, newsroom):
    found = set()
    for section in SECTIONS:
        urls, _ = locations(client, f"/sitemap-{section}.xml")
        found |= paths(urls)
    assert found == {
        newsroom.get_absolute_url(),
        "/experts/shown-expert/",
        "/conferences/shown-conference/",
        "/departments/shown-department/",
        "/topics/shown-topic/",
    }
    for url in found:
        assert client.get(url).status_code == 200, url


def test_articles_carry_lastmod(client, newsroom):
    _, root = locations(client, "/sitemap-articles.xml")
    assert root.find(".//sm:lastmod", NS).text.startswith(f"{newsroom.updated_at:%Y-%m-%d}")


def test_news_sitemap_has_the_last_two_days_only(client):
    now = timezone.now()
    recent = ArticleFactory(title="Heart & lung <unit> 骨髓", published_at=now - timedelta(hours=1))
    ArticleFactory(title="Old", published_at=now - timedelta(days=3))
    ArticleFactory(scheduled=True, title="Future")
    response = client.get("/sitemap-news.xml")
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    entries = root.findall("sm:url", NS)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find("sm:loc", NS).text == f"http://testserver{recent.get_absolute_url()}"
    assert entry.find(".//news:title", NS).text == "Heart & lung <unit> 骨髓"
    assert entry.find(".//news:language", NS).text == "en"
    assert entry.find(".//news:name", NS).text
    published = datetime.fromisoformat(entry.find(".//news:publication_date", NS).text)
    assert published == recent.published_at


def test_robots_txt_names_the_sitemaps_and_not_the_admin(client, settings):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    # A custom admin address named here would tell anyone where it is.
    assert settings.ADMIN_URL.strip("/") not in response.content.decode()


def test_admin_answers_tell_crawlers_not_to_index_them(client, editor_client):
    for page_client in (client, editor_client):
        response = page_client.get(reverse("admin:index"))
        assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(reverse("admin:login"))["X-Robots-Tag"] == "noindex, nofollow"
    assert "X-Robots-Tag" not in client.get("/news/")


def build(count):
    for article in ArticleFactory.create_batch(count):
        make_facets(article, f"f{article.pk}")


def test_sitemaps_run_constant_queries(client, django_assert_max_num_queries):
    urls = ["/sitemap.xml", "/sitemap-news.xml"] + [f"/sitemap-{s}.xml" for s in SECTIONS]

    def counts():
        result = {}
        for url in urls:
            with django_assert_max_num_queries(10) as captured:
                client.get(url)
            result[url] = len(captured.captured_queries)
        return result

    build(5)
    small = counts()
    build(45)
    assert counts() == small


def test_addresses_are_the_pages_own(client, newsroom):
    for section in SECTIONS:
        urls, _ = locations(client, f"/sitemap-{section}.xml")
        for url in urls:
            assert client.get(url).status_code == 200, url
    expert = newsroom.expert_roles.get().expert
    urls, _ = locations(client, "/sitemap-experts.xml")
    assert f"http://testserver{expert.get_absolute_url()}" in urls


def test_articles_are_split_into_pages(client, monkeypatch):
    ArticleFactory.create_batch(3)
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    index, _ = locations(client, "/sitemap.xml")
    first, _ = locations(client, "/sitemap-articles.xml")
    second, _ = locations(client, "/sitemap-articles.xml?p=2")
    assert "http://testserver/sitemap-articles.xml?p=2" in index
    assert len(first) == 2 and len(second) == 1
    assert not set(first) & set(second)


@pytest.mark.parametrize("section", ["experts", "topics"])
def test_facet_sitemaps_are_split_once_they_outgrow_a_page(client, newsroom, monkeypatch, section):
    """Four hidden facets of each kind and one shown: with a page of 3, all the rows no longer
    fit one page, so the published ones are counted: one page for the one shown facet."""
    monkeypatch.setattr(SITEMAPS[section], "limit", 3)
    index, _ = locations(client, "/sitemap.xml")
    assert f"http://testserver/sitemap-{section}.xml" in index
    assert f"http://testserver/sitemap-{section}.xml?p=2" not in index
    for index_in_batch in range(3):
        make_facets(ArticleFactory(), f"more{index_in_batch}")
    index, _ = locations(client, "/sitemap.xml")
    assert f"http://testserver/sitemap-{section}.xml?p=2" in index
    first, _ = locations(client, f"/sitemap-{section}.xml")
    second, _ = locations(client, f"/sitemap-{section}.xml?p=2")
    assert len(first) == 3 and len(second) == 1
    assert not any("hidden" in url for url in first + second)


@pytest.mark.parametrize("query", ["?p=9", "?p=two", "?p=0"])
def test_a_page_that_does_not_exist_is_not_found(client, newsroom, query):
    assert client.get(f"/sitemap-articles.xml{query}").status_code == 404


def test_an_unknown_section_is_not_found(client):
    assert client.get("/sitemap-patients.xml").status_code == 404


def test_last_modified_header_is_the_latest_change(client, newsroom):
    response = client.get("/sitemap-articles.xml")
    assert response["Last-Modified"] == http_date(newsroom.updated_at.timestamp())


# A section's page is written without the template engine (newsroom/sitemaps.py): it must list
# what Django's own sitemap view lists for the same sitemap, in the same order.


def entries(xml):
    root = ET.fromstring(xml)
    return [
        (url.findtext("sm:loc", namespaces=NS), url.findtext("sm:lastmod", namespaces=NS))
        for url in root.iterfind("sm:url", NS)
    ]


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_lists_what_djangos_own_sitemap_view_lists(
    client, rf, newsroom, monkeypatch, section
):
    for index in range(3):
        make_facets(ArticleFactory(), f"more{index}")
    monkeypatch.setattr(SITEMAPS[section], "limit", 2)  # pages of two: four shown, two pages
    for page in ("1", "2"):
        ours = entries(client.get(f"/sitemap-{section}.xml", {"p": page}).content)
        django = sitemap_views.sitemap(rf.get("/", {"p": page}), SITEMAPS, section=section)
        djangos = entries(django.render().content)
        assert len(ours) == 2
        assert [loc for loc, _ in ours] == [loc for loc, _ in djangos]
        # Django writes the day of the last change; ours writes its second, on the same day.
        for (_, lastmod), (_, djangos_lastmod) in zip(ours, djangos, strict=True):
            assert (lastmod or "")[:10] == (djangos_lastmod or "")
            assert lastmod is None or datetime.fromisoformat(lastmod).tzinfo
    assert client.get(f"/sitemap-{section}.xml", {"p": "3"}).status_code == 404
    with pytest.raises(Http404):
        sitemap_views.sitemap(rf.get("/", {"p": "3"}), SITEMAPS, section=section)
