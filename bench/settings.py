"""The benchmark's settings (`make bench`): the site's own, plus the bench app and a trivial view
at /bench/ok answering through the same middleware stack, to measure the server's ceiling."""

from newsroom.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
