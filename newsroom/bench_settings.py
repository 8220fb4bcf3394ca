"""Settings for the HTTP part of `manage.py bench`: the site, plus a trivial view at /bench/ok
that answers through the same middleware stack, to measure the server's ceiling."""

from .settings import *  # noqa: F403

ROOT_URLCONF = "newsroom.bench_urls"
