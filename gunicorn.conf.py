"""gunicorn settings for the newsroom, used by the Dockerfile, docker-compose.yml and `make bench`.

Workers: 2 × cores + 1 by default (WEB_CONCURRENCY overrides it). The application is loaded
once, in the master, before the workers are forked: a worker then starts in a moment, where
loading Django in each new worker took most of a second of CPU. Each worker is recycled after
about 20,000 requests, so memory stays flat over weeks of uptime; recycled every 2,000, the
workers of a server under a crawl at a thousand requests a second restarted several times a
second, and the restarts took a large share of its CPU.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 30
keepalive = 5
preload_app = True
max_requests = 20000
max_requests_jitter = 2000
# Heartbeat files in memory rather than on a possibly slow container filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
