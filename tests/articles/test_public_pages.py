"""The public website: every page renders, shows only published work, keeps a constant query
count, and carries its metadata."""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.utils import timezone

from articles.models import Article, Conference, Department, Expert, Topic
from tests.support.factories import (
    ArticleExpertFactory,
    ArticleFactory,
    ConferenceFactory,
    DepartmentFactory,
    ExpertFactory,
)
from tests.support.pages import page_urls, public_urls

pytestmark = pytest.mark.django_db


class PageParser(HTMLParser):
    """Collects links, meta tags and JSON-LD blocks of a page."""

    def __init__(self):
        super().__init__()
        self.links, self.meta, self.json_ld = [], {}, []
        self.html_lang = None
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.meta["canonical"] = attrs.get("href")
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def parse(response):
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


def test_every_page_renders_with_demo_data(client, demo):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url


def test_the_newcomer_journey(client, demo):
    home = parse(client.get("/"))
    article_url = next(link for link in home.links if "car-t" in link and "/news/" in link)
    article = client.get(article_url)
    page = parse(article)
    expert_url = next(link for link in page.links if link.startswith("/experts/huang-he"))
    assert "Prof. HUANG He" in client.get(expert_url).content.decode()
    conference_url = next(link for link in page.links if link.startswith("/conferences/"))
    assert "Valencia" in client.get(conference_url).content.decode()
    topic_url = next(link for link in page.links if link == "/topics/car-t/")
    assert article_url in parse(client.get(topic_url)).links


@pytest.mark.parametrize("page", ["0", "3", "x", "-1", "9999999999999999999"])
def test_a_page_out_of_range_or_not_a_number_is_a_404(client, page):
    ArticleFactory.create_batch(21)
    response = client.get(f"/news/?page={page}")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_news_is_paginated_by_twenty_newest_first(client):
    ArticleFactory.create_batch(21)
    first = client.get("/news/")
    second = client.get("/news/?page=2")
    assert len(first.context["object_list"]) == 20
    assert len(second.context["object_list"]) == 1
    dates = [a.published_at for a in first.context["object_list"]]
    assert dates == sorted(dates, reverse=True)
    assert 'rel="next"' in first.content.decode()


def test_unknown_addresses_get_the_sites_404_page(client):
    response = client.get("/news/no-such-story/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'class="site-header"' in response.content


def test_month_archive_links_to_its_neighbours(client):
    from datetime import UTC, datetime

    for month in (1, 3, 5):
        ArticleFactory(published_at=datetime(2024, month, 10, tzinfo=UTC))
    ArticleFactory(draft=True, published_at=datetime(2024, 4, 10, tzinfo=UTC))
    page = client.get("/news/2024/03/")
    links = parse(page).links
    assert "/news/2024/01/" in links
    assert "/news/2024/05/" in links
    assert "/news/2024/04/" not in links
    assert client.get("/news/2024/04/").status_code == 404


# Visibility on every surface


@pytest.fixture
def hidden_world():
    """A published article, and one article in each non-public state with its own facets."""
    visible = ArticleExpertFactory(article__title="Visible story").article
    visible.tags.add("visible-topic")
    for state in ("draft", "in_review", "withdrawn", "scheduled"):
        article = ArticleFactory(**{state: True}, title=f"Hiddenmarker {state}")
        link = ArticleExpertFactory(article=article, expert__family_name=f"Hiddenmarker{state}")
        article.tags.add(f"hiddenmarker-{state}")
        article.conferences.add(ConferenceFactory(name=f"Hiddenmarker congress {state}"))
        article.departments.add(DepartmentFactory(name=f"Hiddenmarker dept {state}"))
        # The hidden article shares the visible article's facets too.
        article.tags.add("visible-topic")
        ArticleExpertFactory(article=article, expert=visible.expert_roles.get().expert)
        assert link.expert.department
    return visible


def facet_urls():
    urls = []
    for model in (Expert, Conference, Department):
        urls += [obj.get_absolute_url() for obj in model.objects.all()]
    urls += [topic.get_absolute_url() for topic in Topic.objects.all()]
    return urls


def test_non_public_work_appears_on_no_public_page(client, hidden_world):
    lists = [
        "/",
        "/news/",
        "/experts/",
        "/conferences/",
        "/departments/",
        "/topics/",
        "/search/?q=full+text",
        "/search/?q=story",
        hidden_world.get_absolute_url(),
        f"/news/{hidden_world.published_at:%Y}/",
        f"/news/{hidden_world.published_at:%Y/%m}/",
    ]
    for url in lists + facet_urls():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert "hiddenmarker" not in response.content.decode().lower(), url


def test_facets_used_only_by_non_public_work_are_404(client, hidden_world):
    hidden_facets = [url for url in facet_urls() if "hiddenmarker" in url or "department-" in url]
    for url in hidden_facets:
        status = client.get(url).status_code
        if "hiddenmarker" in url:
            assert status == 404, url


def test_non_public_articles_are_404_by_their_address(client, hidden_world):
    for article in Article.objects.exclude(pk=hidden_world.pk):
        assert client.get(article.get_absolute_url()).status_code == 404


def test_directories_list_only_what_published_articles_use(client, hidden_world):
    assert [t.name for t in client.get("/topics/").context["object_list"]] == ["visible-topic"]
    for directory in ("/experts/", "/conferences/", "/departments/"):
        page = client.get(directory).content.decode()
        assert "hiddenmarker" not in page.lower(), directory


def test_related_and_neighbours_are_published_only(client, hidden_world):
    context = client.get(hidden_world.get_absolute_url()).context
    assert list(context["related"]) == []
    assert context["previous_article"] is None
    assert context["next_article"] is None


def test_related_articles_share_topics_experts_or_conferences(client):
    article = ArticleFactory(tags=["stroke"])
    by_topic = ArticleFactory(tags=["stroke"])
    by_expert = ArticleExpertFactory().article
    ArticleExpertFactory(article=article, expert=by_expert.expert_roles.get().expert)
    conference = ConferenceFactory()
    by_conference = ArticleFactory()
    for item in (article, by_conference):
        item.conferences.add(conference)
    ArticleFactory(tags=["unrelated"])
    related = set(client.get(article.get_absolute_url()).context["related"])
    assert related == {by_topic, by_expert, by_conference}


def test_related_articles_rank_by_shared_links_among_the_latest_candidates(monkeypatch):
    from articles import querysets

    now = timezone.now()
    article = ArticleFactory(tags=["stroke", "rehabilitation"])
    old_and_close = ArticleFactory(
        tags=["stroke", "rehabilitation"], published_at=now - timedelta(days=900)
    )
    recent = [
        ArticleFactory(tags=["stroke"], published_at=now - timedelta(days=day)) for day in (2, 3)
    ]
    assert Article.objects.related_ids(article)[0] == old_and_close.pk  # two links beat one
    monkeypatch.setattr(querysets, "RELATED_CANDIDATES", 2)
    # Only the latest are compared.
    assert set(Article.objects.related_ids(article)) == {story.pk for story in recent}


def test_deep_pages_list_the_same_articles_as_counting_through_them(client):
    ArticleFactory.create_batch(65)
    expected = list(Article.objects.published().values_list("pk", flat=True))
    for number in (1, 2, 3, 4):
        page = client.get(f"/news/?page={number}").context["object_list"]
        assert [article.pk for article in page] == expected[(number - 1) * 20 : number * 20]


def test_home_puts_forward_the_topics_and_experts_of_recent_news(client, monkeypatch):
    from articles import querysets

    monkeypatch.setattr(querysets, "RECENT_ARTICLES", 3)
    now = timezone.now()
    for day in range(5):
        ArticleFactory(tags=["archive topic"], published_at=now - timedelta(days=30 + day))
    for day in range(3):
        ArticleFactory(
            tags=["vaccines", "flu" if day else "asthma"], published_at=now - timedelta(hours=day)
        )
    topics = [topic.name for topic in client.get("/").context["topics"]]
    assert topics == ["vaccines", "flu", "asthma"]


def test_related_box_shows_at_most_four(client):
    article = ArticleFactory(tags=["stroke"])
    for _ in range(6):
        ArticleFactory(tags=["stroke"])
    assert len(client.get(article.get_absolute_url()).context["related"]) == 4


# Query budgets: the same with 5 and with 50 articles


def build_newsroom(count):
    expert_link = ArticleExpertFactory()
    conference = ConferenceFactory()
    department = expert_link.expert.department
    for article in [expert_link.article, *ArticleFactory.create_batch(count - 1)]:
        article.tags.add("cardiology", "research")
        article.conferences.add(conference)
        article.departments.add(department)
        ArticleExpertFactory(article=article)
    return expert_link.article


def budget_urls(article):
    return [*page_urls(article, "research"), "/news/?page=1", "/search/?q=news", "/healthz"]


def count_queries(client, urls, django_assert_max_num_queries):
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(20) as captured:
            assert client.get(url).status_code == 200, url
        counts[url] = len(captured.captured_queries)
    return counts


def test_every_page_runs_the_same_number_of_queries_with_5_and_50_articles(
    client, django_assert_max_num_queries
):
    article = build_newsroom(5)
    urls = budget_urls(article)
    small = count_queries(client, urls, django_assert_max_num_queries)
    build_newsroom(45)
    large = count_queries(client, urls, django_assert_max_num_queries)
    assert large == small


# Metadata


def test_every_page_has_its_metadata(client, demo):
    for url in public_urls():
        page = parse(client.get(url))
        assert page.html_lang, url
        assert page.meta.get("description"), url
        assert page.meta["canonical"].startswith("http://testserver/"), url
        for key in ("og:title", "og:url", "og:image", "og:type", "twitter:card"):
            assert page.meta.get(key), (url, key)
        assert page.meta["og:image"].startswith("http"), url


def json_ld_types(response):
    return {json.loads(block)["@type"] for block in parse(response).json_ld}


def test_json_ld_on_detail_pages(client, demo):
    article = Article.objects.published().get(slug__contains="car-t")
    expert = Expert.objects.get(slug="huang-he")
    conference = article.conferences.get()
    assert json_ld_types(client.get(article.get_absolute_url())) == {
        "NewsArticle",
        "BreadcrumbList",
    }
    assert json_ld_types(client.get(expert.get_absolute_url())) == {"Person", "BreadcrumbList"}
    assert json_ld_types(client.get(conference.get_absolute_url())) == {"Event", "BreadcrumbList"}
    assert "BreadcrumbList" in json_ld_types(client.get("/topics/car-t/"))
    news = json.loads(parse(client.get(article.get_absolute_url())).json_ld[0])
    assert news["headline"] == article.title
    assert "Prof. HUANG He" in json.dumps(news, ensure_ascii=False)


def test_fields_cannot_break_out_of_the_json_ld_script(client):
    article = ArticleFactory(title='</script><script>alert("x")</script> & 骨髓')
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<script>alert("x")' not in html
    page = parse(client.get(article.get_absolute_url()))
    assert json.loads(page.json_ld[0])["headline"] == article.title


def test_article_page_shows_every_fact(client, demo):
    article = Article.objects.published().get(slug__contains="car-t")
    html = client.get(article.get_absolute_url()).content.decode()
    for fact in (
        "Prof. HUANG He",
        "Keynote speaker",  # the CAR-T item's expert gave the conference's keynote
        "Bone Marrow Transplantation Center",
        "6th European CAR-T Conference",
        "Valencia, Spain",
        article.source.name,
        "Video interview",
        "multiple myeloma",
        'datetime="2024-04-23T09:00:00+00:00"',
    ):
        assert fact in html, fact


def test_search_page_is_noindex_and_echoes_the_query_escaped(client):
    response = client.get("/search/", {"q": "<script>x</script>"})
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_search_query_is_capped(client):
    assert client.get("/search/", {"q": "a" * 5000}).context["query"] == "a" * 200


def test_healthz_answers_json(client):
    assert client.get("/healthz").json()["database"] == "ok"


# Crawl


def test_every_internal_link_from_home_works(client, demo):
    seen, queue, failures = set(), ["/"], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 400:
            failures.append((url, response.status_code))
            continue
        if response.get("Content-Type", "").startswith("text/html"):
            for link in parse(response).links:
                link = urldefrag(link).url
                parts = urlsplit(link)
                if parts.netloc in ("", "testserver") and parts.path.startswith("/"):
                    path = parts.path + (f"?{parts.query}" if parts.query else "")
                    if not re.match(r"^/(admin|static|media)/", path):
                        queue.append(path)
    assert not failures
    assert len(seen) > 30


def test_conferences_are_split_into_upcoming_and_past(client):
    from datetime import date

    past = ConferenceFactory(start_date=date(2020, 3, 1), end_date=date(2020, 3, 3))
    upcoming = ConferenceFactory(start_date=date(2099, 3, 1), end_date=date(2099, 3, 3))
    for conference in (past, upcoming):
        ArticleFactory().conferences.add(conference)
    context = client.get("/conferences/").context
    assert list(context["upcoming"]) == [upcoming]
    assert list(context["object_list"]) == [past]


def test_expert_directory_filters_by_letter_and_department(client):
    first = ArticleExpertFactory(expert__family_name="Adams").expert
    second = ArticleExpertFactory(expert__family_name="Baker").expert
    by_letter = client.get("/experts/", {"letter": "b"}).context["object_list"]
    assert list(by_letter) == [second]
    by_department = client.get("/experts/", {"department": first.department.slug})
    assert list(by_department.context["object_list"]) == [first]
    assert by_department.context["letters"] == ["A", "B"]


def test_expert_directory_pages_a_to_z_and_offers_only_departments_in_use(client, monkeypatch):
    from articles.views import ExpertListView

    monkeypatch.setattr(ExpertListView, "paginate_by", 2)
    experts = [
        ArticleExpertFactory(expert__family_name=name).expert for name in ("Cole", "Adams", "Baker")
    ]
    DepartmentFactory(name="Unused department")
    first = client.get("/experts/").context
    second = client.get("/experts/", {"page": 2}).context
    assert [e.family_name for e in first["object_list"]] == ["Adams", "Baker"]
    assert [e.family_name for e in second["object_list"]] == ["Cole"]
    assert {d.name for d in first["departments"]} == {e.department.name for e in experts}
    assert client.get("/experts/", {"page": 3}).status_code == 404


def test_server_error_page_is_in_the_sites_look(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "css/site.css" in html


def test_machine_readable_dates_are_valid_html(client):
    ArticleFactory(published_at=timezone.now() - timedelta(days=1, microseconds=1234))
    article = ArticleFactory(published_at=timezone.now() - timedelta(microseconds=5))
    for url in ("/", "/news/", article.get_absolute_url()):
        values = re.findall(r'<time datetime="([^"]+)"', client.get(url).content.decode())
        assert values, url
        for value in values:
            assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?", value), value


@pytest.fixture
def long_archive(monkeypatch):
    """Seven articles, two a page, of which at most three are counted: a small long archive."""
    from articles.pagination import ArchivePaginator
    from articles.views import ArticleListView, FacetDetailView

    monkeypatch.setattr(ArchivePaginator, "count_limit", 3)
    for view in (ArticleListView, FacetDetailView):
        monkeypatch.setattr(view, "paginate_by", 2)
    ArticleFactory.create_batch(7, tags=["research"])
    return list(Article.objects.published().values_list("pk", flat=True))


def test_past_the_count_limit_pages_go_on_without_a_total(client, long_archive):
    for number in (1, 2, 3, 4):
        response = client.get(f"/news/?page={number}")
        page = response.content.decode()
        shown = [article.pk for article in response.context["object_list"]]
        assert shown == long_archive[(number - 1) * 2 : number * 2]
        assert f"<span>Page {number}</span>" in page
        assert ('rel="next"' in page) == (number < 4)
        assert ('rel="prev"' in page) == (number > 1)
    for beyond in ("5", "last", "0", "x"):
        assert client.get(f"/news/?page={beyond}").status_code == 404, beyond


def test_a_topic_past_the_count_limit_says_more_than(client, long_archive):
    page = client.get("/topics/research/").content.decode()
    assert "More than 3 published items" in page


@pytest.mark.parametrize("few_links", [1000, 2])
def test_a_topic_is_paged_whole_whether_its_ids_are_read_at_once_or_not(
    client, long_archive, monkeypatch, few_links
):
    from articles import querysets

    monkeypatch.setattr(querysets, "FEW_LINKS", few_links)
    for number in (1, 2, 3, 4):
        response = client.get(f"/topics/research/?page={number}")
        shown = [article.pk for article in response.context["object_list"]]
        assert shown == long_archive[(number - 1) * 2 : number * 2]
        assert ('rel="next"' in response.content.decode()) == (number < 4)
    assert client.get("/topics/research/?page=5").status_code == 404


def test_a_topic_of_few_articles_reads_their_ids_once(client, django_assert_num_queries):
    ArticleFactory.create_batch(3, tags=["research"])
    # The topic, its links, its public articles' ids in order (the count and the page), cards.
    with django_assert_num_queries(4):
        response = client.get("/topics/research/")
    assert "3 published items" in response.content.decode()


def test_within_the_count_limit_the_total_is_shown(client, monkeypatch):
    from articles.views import ArticleListView

    monkeypatch.setattr(ArticleListView, "paginate_by", 2)
    ArticleFactory.create_batch(5)
    page = client.get("/news/?page=3").content.decode()
    assert "<span>Page 3 of 3</span>" in page and 'rel="next"' not in page
    assert client.get("/news/?page=last").status_code == 200


@pytest.mark.parametrize("few_links", [1000, 2])
def test_facet_pages_list_the_same_articles_for_small_and_popular_facets(
    client, monkeypatch, few_links
):
    from articles import querysets

    monkeypatch.setattr(querysets, "FEW_LINKS", few_links)
    expert = ExpertFactory(slug="busy-expert")
    conference = ConferenceFactory(slug="busy-conference")
    department = DepartmentFactory(slug="busy-department")
    articles = ArticleFactory.create_batch(4, tags=["busy topic"])
    ArticleFactory(draft=True, tags=["busy topic"])
    for article in articles:
        ArticleExpertFactory(article=article, expert=expert)
        article.conferences.add(conference)
        article.departments.add(department)
    in_order = Article.objects.published().filter(pk__in=[article.pk for article in articles])
    expected = list(in_order.values_list("pk", flat=True))
    for url in (
        "/topics/busy-topic/",
        "/experts/busy-expert/",
        "/conferences/busy-conference/",
        "/departments/busy-department/",
    ):
        shown = [article.pk for article in client.get(url).context["object_list"]]
        assert shown == expected, url
