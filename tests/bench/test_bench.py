"""The benchmark's own tools: synthetic data with the promised shape, and a report that runs.
Timings are the benchmark's business (`make bench`), never asserted here."""

import io
import json

import pytest
from django.core.management import call_command

from articles import facts
from articles.models import Article, ArticleFacts, Conference, Department, Expert, Topic
from bench import throughput
from bench.data import BenchData, build_in_parallel
from bench.management.commands import bench
from search import indexing as search_indexing
from search.models import ArticleSearchDocument
from search.query import Query
from search.results import ranked_articles
from search.snippets import plain_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    BenchData(400, log=lambda message: None).build()


def test_synthetic_archive_has_the_promised_shape(archive):
    assert Article.objects.count() == 400
    assert (Expert.objects.count(), Conference.objects.count()) == (2000, 300)
    assert (Topic.objects.count(), Department.objects.count()) == (500, 40)
    public = Article.objects.published().count()
    assert 0.88 * 400 <= public <= 0.99 * 400  # about 5% are drafts, submissions, scheduled...
    for article in Article.objects.prefetch_related("tags")[:50]:
        assert 3 <= len(article.tags.all()) <= 5
        assert 500 <= len(plain_text(article.body).split()) <= 700


def test_seeding_again_replaces_the_archive(archive):
    BenchData(100, seed=7, log=lambda message: None).build()
    assert Article.objects.count() == 100


@pytest.mark.postgres
def test_synthetic_articles_are_searchable(archive):
    assert ranked_articles(Query.parse("hospital"), 30).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_index_is_built_on_several_connections_outside_a_transaction():
    BenchData(50, log=lambda message: None).build()
    ArticleSearchDocument.objects.all().delete()
    ArticleFacts.objects.all().delete()
    # Three ranges of ids: none may be missed at their edges.
    build_in_parallel(search_indexing.rebuild_all, workers=3)
    build_in_parallel(facts.rebuild_all, workers=3)
    documents = ArticleSearchDocument.objects.exclude(vector=None).exclude(rank_vector=None)
    assert documents.count() == Article.objects.count() == 50
    assert ArticleFacts.objects.count() == 50


def test_bench_reports_every_page_with_its_queries(tmp_path, settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.ROOT_URLCONF = "bench.urls"  # the ceiling view, as bench/settings.py has it
    output = tmp_path / "bench.json"
    stdout = io.StringIO()
    call_command(
        bench.Command(), sizes=[60], requests=3, http_seconds=0, output=str(output), stdout=stdout
    )
    report = json.loads(output.read_text())
    (run,) = report["runs"]
    assert run["articles"] == 60
    assert {"home", "article", "search, one word", "feed RSS", "sitemap page"} <= set(run["pages"])
    assert all(page["queries"] > 0 for page in run["pages"].values())
    assert run["ceiling_p50_ms"] > 0
    assert all(page["p50_over_ceiling"] > 0 for page in run["pages"].values())
    assert "| home |" in stdout.getvalue() and "ceiling (a view" in stdout.getvalue()


def test_pages_are_timed_by_turns_after_their_first_request_and_a_warm_up():
    class Client:
        def __init__(self):
            self.asked = []

        def get(self, url, secure):
            self.asked.append(url)
            return type("Response", (), {"status_code": 200, "content": b"page"})

    client = Client()
    pages, ceiling = bench.measure(client, [("a", "/a"), ("b", "/b")], requests=3)
    turn = ["/a", "/b", "/bench/ok"]
    assert client.asked == ["/a", "/b"] + turn * (5 + 3)
    assert pages["a"]["url"] == "/a" and pages["a"]["bytes"] == 4
    assert pages["a"]["p50_ms"] >= 0 and pages["b"]["p95_ms"] >= 0 and ceiling >= 0


WRK_OUTPUT = """Running 5s test @ http://localhost:8001/news/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.52ms    2.10ms  30.11ms   80.00%
  3020 requests in 5.00s, 60.1MB read
  Non-2xx or 3xx responses: 4
Requests/sec:    603.87
Transfer/sec:     12.01MB
"""


def test_wrk_output_is_read_with_its_errors():
    assert throughput.parse_wrk(WRK_OUTPUT) == {"rps": 603.9, "errors": 4}


def test_page_and_ceiling_are_loaded_by_turns_and_their_median_runs_kept(monkeypatch):
    loaded = []
    rates = iter([900.0, 1000.0, 300.0, 1200.0, 700.0, 1100.0])

    def wrk(url, seconds, connections):
        loaded.append(url)
        return {"rps": next(rates), "errors": 1 if url.endswith("page") else 0}

    monkeypatch.setattr(throughput, "wrk", wrk)
    page, ceiling = throughput.rates_by_turns("http://x/page", "http://x/ok", 2, 16)
    assert loaded == ["http://x/page", "http://x/ok"] * 3
    assert page == {"rps": 700.0, "errors": 3}
    assert ceiling == {"rps": 1100.0, "errors": 0}


def test_worker_memory_is_read_from_proc():
    import os

    sizes = throughput.worker_rss_mb(os.getppid())  # this process is one of its children
    assert sizes and all(size > 1 for size in sizes)


def test_throughput_table_shows_each_page_against_the_ceiling():
    run = {
        "articles": 1000,
        "throughput": {
            "ceiling": {
                "uncached": {"rps": 1000, "errors": 0},
                "cached": {"rps": 900, "errors": 0},
            },
            "pages": {
                "home": {
                    "uncached": {"rps": 250, "errors": 0, "ceiling_rps": 1000},
                    "cached": {"rps": 810, "errors": 0, "ceiling_rps": 1080},
                }
            },
            "worker_rss_mb": {"uncached": 80.5, "cached": 82.0},
        },
    }
    table = "\n".join(bench.throughput_table(run))
    assert "| home | 250 | 25% | 810 | 75% |" in table  # against its own ceiling, not the median
    assert "80.5 MB uncached" in table
