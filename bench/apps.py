from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`make bench`: synthetic archives and the measurement of every kind of page. Installed only
    by the benchmark's settings (bench/settings.py), never in production."""

    name = "bench"
    verbose_name = "Benchmark"
