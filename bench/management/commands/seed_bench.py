import time

from django.core.management.base import BaseCommand

from bench.data import BenchData


class Command(BaseCommand):
    help = (
        "Replace all articles, experts, conferences, departments, sources and topics with a "
        "synthetic archive for the benchmark. Never run it on a database you want to keep."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, articles, seed, **options):
        started = time.perf_counter()
        BenchData(articles, seed=seed, log=self.stdout.write).build()
        self.stdout.write(f"Seeded {articles} articles in {time.perf_counter() - started:.0f} s.")
