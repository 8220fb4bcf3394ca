"""`manage.py bench`: seed synthetic archives and measure every public page in-process.

For each archive size it reports, per page, the SQL queries of one request and the latency p50
and p95 over `--requests` requests (uncached: the test client, no HTTP server), plus how long the
search index update takes when an article is saved. Output: a markdown table on stdout and a
JSON file, so runs can be compared. docs/performance.md explains how to read it.
"""

import json
import os
import platform
import statistics
import time
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.test import Client
from django.utils import timezone

from articles.models import Article
from bench import throughput
from bench.data import BenchData
from bench.pages import page_urls
from search.indexing import rebuild

CEILING_NAME = "ceiling"


class Command(BaseCommand):
    help = "Benchmark the public pages on synthetic archives (replaces the database's content)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--output", default="bench-results.json")
        parser.add_argument(
            "--reuse", action="store_true", help="Measure the archive already in the database."
        )
        parser.add_argument(
            "--http-seconds",
            type=int,
            default=2,
            help="Seconds of each wrk load under gunicorn (0: skip the throughput part).",
        )
        parser.add_argument(
            "--create-database",
            action="store_true",
            help="Create the PostgreSQL database if missing, and migrate it.",
        )

    def handle(
        self, *args, sizes, requests, output, reuse, create_database, http_seconds, **options
    ):
        self.http_seconds = http_seconds
        if http_seconds and not throughput.available():
            self.stderr.write("wrk is not installed: throughput is not measured (see Makefile).")
            self.http_seconds = 0
        if connection.vendor != "postgresql":
            self.stderr.write(
                "Note: figures are meant for PostgreSQL; this is " + connection.vendor
            )
        elif create_database:
            ensure_database()
        if create_database:
            call_command("migrate", verbosity=0)
        if reuse and len(sizes) != 1:
            raise CommandError("--reuse measures one archive: give one --sizes value.")
        runs = []
        for size in sizes:
            runs.append(self.run(size, requests, reuse))
        report = {
            "date": timezone.now().isoformat(timespec="seconds"),
            "database": _database(),
            "python": platform.python_version(),
            "cpus": _cpu_count(),
            "requests_per_page": requests,
            "runs": runs,
        }
        Path(output).write_text(json.dumps(report, indent=2))
        self.stdout.write(markdown(report))
        self.stdout.write(f"\nJSON written to {output}")

    def run(self, size, requests, reuse):
        seconds = None
        if not reuse:
            self.stdout.write(f"Seeding {size} articles…")
            started = time.perf_counter()
            BenchData(size, log=self.stdout.write).build()
            seconds = round(time.perf_counter() - started, 1)
            settle_database()
        urls = page_urls()
        for name, url in urls:
            self.stdout.write(f"  {name}: {url}")
        pages, ceiling = measure(Client(HTTP_HOST=_host()), urls, requests)
        run = {
            "articles": Article.objects.count(),
            "seed_seconds": seconds,
            "pages": pages,
            "ceiling_p50_ms": ceiling,
            "index_on_save_ms": index_on_save(min(requests, 100)),
        }
        if self.http_seconds:
            self.stdout.write("  throughput under gunicorn…")
            urls = [(name, page["url"]) for name, page in pages.items()]
            run["throughput"] = throughput.measure(urls, seconds=self.http_seconds)
        return run


def settle_database():
    """Write out what seeding left in memory before measuring: for minutes after writing a large
    archive, PostgreSQL's checkpoint and the system's write-back of it slowed the first pages
    measured by up to half."""
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")  # superusers, and members of pg_checkpoint
    except DatabaseError:
        pass  # measured unsettled, as without this step


def ensure_database():
    """Create the benchmark database if it does not exist yet."""
    params = connection.get_connection_params()
    name = params.pop("dbname")
    params.pop("cursor_factory", None)
    try:
        psycopg2.connect(dbname=name, **params).close()
    except psycopg2.OperationalError:
        maintenance = psycopg2.connect(dbname="postgres", **params)
        maintenance.autocommit = True
        with maintenance.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        maintenance.close()


def measure(client, urls, requests):
    """({name: figures} of each page of `urls` ([(name, URL)]), the ceiling's p50 in ms).

    Each page's queries and size, then the latency of `requests` requests, the pages taken by
    turns (a request to each, `requests` times over) with the ceiling (throughput.CEILING, a view
    answering "ok" through the same middleware stack), so that a moment when the shared machine
    slows down spreads over every page instead of landing on the one being measured. A page's
    p50 over the ceiling's is the figure to compare between runs: a slower machine slows both."""
    pages = {name: first_request(client, url) for name, url in urls}
    timed = [*urls, (CEILING_NAME, throughput.CEILING)]
    for _ in range(5):  # warm up
        for _, url in timed:
            client.get(url, secure=True)
    timings = {name: [] for name, _ in timed}
    for _ in range(requests):
        for name, url in timed:
            started = time.perf_counter()
            client.get(url, secure=True)
            timings[name].append((time.perf_counter() - started) * 1000)
    ceiling = max(statistics.median(timings[CEILING_NAME]), 1e-6)
    for name, page in pages.items():
        page["p50_ms"] = round(statistics.median(timings[name]), 2)
        page["p95_ms"] = round(percentile(timings[name], 95), 2)
        page["p50_over_ceiling"] = round(statistics.median(timings[name]) / ceiling, 1)
    return pages, round(ceiling, 3)


def first_request(client, url):
    """The URL, the SQL queries of one request and the size of its answer."""
    queries = []
    # Counted by a wrapper: the test client's request_started signal resets connection.queries.
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        response = client.get(url, secure=True)
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}")
    return {"url": url, "queries": len(queries), "bytes": len(response.content)}


def index_on_save(samples):
    """Milliseconds to rebuild one article's search vector, as every save does."""
    timings = []
    for article in Article.objects.order_by("?")[:samples]:
        started = time.perf_counter()
        rebuild([article.pk])
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "p50": round(statistics.median(timings), 2),
        "p95": round(percentile(timings, 95), 2),
    }


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share / 100 * (len(ordered) - 1)))]


def markdown(report):
    runs = report["runs"]
    header = (
        "| Page | "
        + " | ".join(f"queries ({r['articles']:,}) | p50 ms | p95 ms | p50 / ceiling" for r in runs)
        + " |"
    )
    lines = [
        f"Benchmark {report['date']} · {report['database']} · Python {report['python']} · "
        f"{report['cpus']} CPUs · {report['requests_per_page']} requests per page, uncached",
        "",
        header,
        "|" + "---|" * (1 + 4 * len(runs)),
    ]
    for name in runs[0]["pages"]:
        cells = []
        for run in runs:
            page = run["pages"][name]
            cells += [
                str(page["queries"]),
                f"{page['p50_ms']:.1f}",
                f"{page['p95_ms']:.1f}",
                f"{page['p50_over_ceiling']:.1f}",
            ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    ceilings = ", ".join(f"{run['ceiling_p50_ms']:.2f} ms" for run in runs)
    lines.append(
        f"- ceiling (a view answering “ok”, timed by turns with the pages): p50 {ceilings}"
    )
    deep = ", ".join(f"{run['pages']['news, deep page']['url']}" for run in runs)
    lines.append(f"- deep page: {deep}")
    for run in runs:
        seeded = f", seeded in {run['seed_seconds']} s" if run["seed_seconds"] else ""
        index = run["index_on_save_ms"]
        lines.append(
            f"- {run['articles']:,} articles{seeded}; search index update on save: "
            f"p50 {index['p50']:.1f} ms, p95 {index['p95']:.1f} ms"
        )
    for run in runs:
        if "throughput" in run:
            lines += ["", *throughput_table(run)]
    return "\n".join(lines)


def throughput_table(run):
    http = run["throughput"]
    ceiling = http["ceiling"]
    modes = list(ceiling)
    lines = [
        f"Throughput under gunicorn, {run['articles']:,} articles (requests/s; share of the "
        "ceiling measured by turns with each page; median ceiling: "
        + ", ".join(f"{ceiling[mode]['rps']:.0f} {mode}" for mode in modes)
        + ")",
        "",
        "| Page | " + " | ".join(f"{mode} | / ceiling" for mode in modes) + " |",
        "|---|" + "---|---|" * len(modes),
    ]
    for name, figures in http["pages"].items():
        cells = []
        for mode in modes:
            rate = figures[mode]["rps"]
            errors = f" ({figures[mode]['errors']} errors)" if figures[mode]["errors"] else ""
            cells += [f"{rate:.0f}{errors}", f"{rate / figures[mode]['ceiling_rps']:.0%}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    rss = http["worker_rss_mb"]
    lines += [
        "",
        f"- largest gunicorn worker after the run: {rss['uncached']} MB uncached, "
        f"{rss['cached']} MB cached",
    ]
    return lines


def _host():
    hosts = [host for host in settings.ALLOWED_HOSTS if host and "*" not in host]
    return hosts[0].lstrip(".") if hosts else "localhost"


def _database():
    if connection.vendor != "postgresql":
        return connection.vendor
    major, minor = divmod(connection.pg_version, 10000)
    return f"PostgreSQL {major}.{minor}"


def _cpu_count():
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
