"""`manage.py soak` (`make soak`): the pages of `make bench` under sustained load and under
faults (bench/soak.py). It seeds an archive unless --reuse is given; the figures go to
docs/performance.md."""

import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from bench import soak, throughput
from bench.data import BenchData
from bench.pages import page_urls

from .bench import ensure_database, settle_database


class Command(BaseCommand):
    help = "Load every kind of page for a while, cached, uncached and under faults."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=10_000)
        parser.add_argument("--seconds", type=int, default=30)
        parser.add_argument("--connections", type=int, default=50)
        parser.add_argument("--reuse", action="store_true", help="Load the archive already there.")
        parser.add_argument("--create-database", action="store_true")
        parser.add_argument("--output", default="soak-results.json")

    def handle(self, *args, size, seconds, connections, reuse, create_database, output, **kw):
        if not throughput.available():
            raise CommandError("wrk is not installed (Debian's package wrk; see Makefile).")
        if create_database:
            ensure_database()
            call_command("migrate", verbosity=0)
        if not reuse:
            self.stdout.write(f"Seeding {size} articles…")
            BenchData(size, log=self.stdout.write).build()
            settle_database()
        pages = page_urls()
        results = soak.run(pages, seconds, connections, log=self.stdout.write)
        articles = Article.objects.count()
        Path(output).write_text(json.dumps({"articles": articles, "runs": results}, indent=2))
        self.stdout.write(soak.markdown(results, seconds, connections, articles))
        self.stdout.write(f"\nJSON written to {output}")
